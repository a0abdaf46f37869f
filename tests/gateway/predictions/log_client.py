"""Reading the prediction log back through the API, polling until the writer has caught up."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from fastapi.testclient import TestClient

from tests.polling import poll

TIMEOUT_S = 30.0


def all_records(client: Any, headers: dict[str, str] | None = None, **query: Any) -> list[Any]:
    """Every record matching `query`, following the cursor (TestClient or httpx client)."""
    records: list[Any] = []
    cursor = None
    while True:
        params = {**query, "limit": 1000, **({"cursor": cursor} if cursor else {})}
        response = client.get("/v1/predictions", params=params, headers=headers or {})
        assert response.status_code == 200, response.text
        page = response.json()
        records += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return records


def wait_for(
    client: TestClient, request_ids: Collection[str], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The records of `request_ids`, by id, once every one of them is stored."""
    wanted = set(request_ids)

    def read() -> dict[str, Any]:
        records = all_records(client, headers)
        return {r["request_id"]: r for r in records if r["request_id"] in wanted}

    found = poll(read, lambda got: set(got) == wanted, TIMEOUT_S)
    assert set(found) == wanted, f"missing: {sorted(wanted - set(found))}"
    return found
