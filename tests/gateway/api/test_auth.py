"""API keys: /v1 routes need one when configured; health and metrics stay open."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from inferstack_gateway.app import create_app
from inferstack_gateway.observability.logging import JsonFormatter
from inferstack_gateway.settings import GatewaySettings

KEYS = ["first-key-123", "second-key-456"]


@pytest.fixture(scope="module")
def secured(gateway_settings: GatewaySettings) -> Iterator[TestClient]:
    settings = gateway_settings.model_copy(update={"api_keys": [SecretStr(k) for k in KEYS]})
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize("path", ["/v1/models", "/v1/models/digits"])
def test_missing_key_is_401(secured: TestClient, path: str) -> None:
    response = secured.get(path)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["type"].endswith("/unauthorized")


def test_wrong_key_is_401(secured: TestClient) -> None:
    response = secured.get("/v1/models", headers={"X-API-Key": "first-key-124"})
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_classification_needs_a_key(secured: TestClient) -> None:
    response = secured.post("/v1/image-classification", json={"images": []})
    assert response.status_code == 401


@pytest.mark.parametrize("key", KEYS)
def test_x_api_key_header(secured: TestClient, key: str) -> None:
    assert secured.get("/v1/models", headers={"X-API-Key": key}).status_code == 200


def test_bearer_token(secured: TestClient) -> None:
    headers = {"Authorization": f"Bearer {KEYS[1]}"}
    assert secured.get("/v1/models", headers=headers).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_operational_routes_stay_open(secured: TestClient, path: str) -> None:
    assert secured.get(path).status_code == 200


def test_keys_never_reach_the_log(secured: TestClient) -> None:
    sink = io.StringIO()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("inferstack")
    logger.addHandler(handler)
    try:
        secured.get("/v1/models", headers={"X-API-Key": KEYS[0]})
        secured.get("/v1/models", headers={"X-API-Key": "wrong-secret-789"})
        secured.get("/v1/models", headers={"Authorization": f"Bearer {KEYS[1]}"})
    finally:
        logger.removeHandler(handler)
    logged = sink.getvalue()
    assert '"route": "/v1/models"' in logged, "the access log must be written"
    for secret in [*KEYS, "wrong-secret-789"]:
        assert secret not in logged
    assert "first-key" not in repr(secured.app.state.gateway.settings)  # type: ignore[attr-defined]
