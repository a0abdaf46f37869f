"""Liveness and readiness against the real Triton."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_liveness(gateway: TestClient) -> None:
    response = gateway.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-request-id"]


def test_readiness_lists_every_model_ready(gateway: TestClient) -> None:
    response = gateway.get("/readyz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["triton"] == "ready"
    digits = next(m for m in body["models"] if m["name"] == "digits")
    assert digits["ready_versions"] == ["1", "2", "3"]


def test_caller_request_id_is_echoed(gateway: TestClient) -> None:
    response = gateway.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"


def test_unsafe_request_id_is_replaced(gateway: TestClient) -> None:
    response = gateway.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert response.headers["x-request-id"] != "bad id with spaces"
    assert len(response.headers["x-request-id"]) == 32
