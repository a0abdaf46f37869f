"""HEAD answers every GET route as GET does, without the body."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PATHS = ["/healthz", "/readyz", "/v1/models", "/v1/models/digits", "/metrics", "/v2",
         "/v2/health/live", "/v2/health/ready", "/v2/models/digits", "/problems"]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_head_is_get_without_a_body(gateway: TestClient, path: str) -> None:
    get, head = gateway.get(path), gateway.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    assert head.headers["x-request-id"]


def test_head_keeps_the_status_of_errors(gateway: TestClient) -> None:
    assert gateway.head("/v1/models/nope").status_code == 404
    assert gateway.head("/no/such/path").status_code == 404


def test_head_is_not_offered_where_get_is_not(gateway: TestClient) -> None:
    response = gateway.head("/v1/embeddings")
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]
