"""The one way the tests read an error answer: the documented problem+json, no traceback."""

from __future__ import annotations

from typing import Any


def assert_problem(response: Any, status: int, slug: str = "") -> dict[str, Any]:
    """`response` (httpx or TestClient) is an RFC 9457 problem with this status (and slug)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert "Traceback" not in response.text
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["detail"]
    assert problem["request_id"] == response.headers["x-request-id"]
    if slug:
        assert problem["type"].endswith("/" + slug)
    return problem
