"""CORS: browser SDKs' preflights pass with the default allowed headers; a configured list
restricts them; every answer, errors included, carries the CORS headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import GatewaySettings

ORIGIN = "https://app.example"
# What the OpenAI JS SDK asks for in a browser, among others.
SDK_HEADERS = "authorization,content-type,x-stainless-os,x-stainless-lang"


def _client(settings: GatewaySettings, **update: object) -> TestClient:
    return TestClient(create_app(settings.model_copy(update={"cors_origins": [ORIGIN], **update})))


@pytest.fixture(scope="module")
def default(gateway_settings: GatewaySettings) -> Iterator[TestClient]:
    with _client(gateway_settings) as client:
        yield client


def test_default_allows_the_headers_browser_sdks_send(default: TestClient) -> None:
    response = default.options(
        "/v1/embeddings",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": SDK_HEADERS,
        },
    )
    assert response.status_code == 200, response.text
    allowed = response.headers["access-control-allow-headers"].lower()
    assert all(h in allowed for h in SDK_HEADERS.split(","))
    assert response.headers["x-request-id"]


def test_answers_and_errors_carry_cors_headers(default: TestClient) -> None:
    for response in (
        default.get("/healthz", headers={"Origin": ORIGIN}),
        default.post(
            "/v1/embeddings", json={"model": "nope", "input": "x"}, headers={"Origin": ORIGIN}
        ),
        default.get("/no/such/path", headers={"Origin": ORIGIN}),
    ):
        assert response.headers["access-control-allow-origin"] == ORIGIN
        assert "x-request-id" in response.headers["access-control-expose-headers"].lower()


def test_configured_headers_restrict_the_preflight(gateway_settings: GatewaySettings) -> None:
    with _client(gateway_settings, cors_allow_headers=["Content-Type", "X-API-Key"]) as client:
        ok = client.options(
            "/v1/embeddings",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,x-api-key",
            },
        )
        assert ok.status_code == 200
        refused = client.options(
            "/v1/embeddings",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": SDK_HEADERS,
            },
        )
        assert refused.status_code == 400


def test_the_setting_reads_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_CORS_ALLOW_HEADERS", "Content-Type, X-Stainless-OS")
    assert GatewaySettings().cors_allow_headers == ["Content-Type", "X-Stainless-OS"]
    monkeypatch.delenv("GATEWAY_CORS_ALLOW_HEADERS")
    assert GatewaySettings().cors_allow_headers == ["*"]
