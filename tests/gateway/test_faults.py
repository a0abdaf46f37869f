"""Faults made with the real Triton: stopped under a running gateway, restarted, too slow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import GatewaySettings
from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import triton_settings
from tests.digit_images import b64, held_out, render
from tests.polling import poll

BODY = {"images": [{"data": b64(render(held_out().images[0]))}]}


@pytest.fixture
def own_triton(tmp_path: Path) -> Iterator[TritonServer]:
    """A Triton of this test's own, so stopping it does not disturb the others."""
    server = TritonServer(triton_settings(tmp_path))
    server.start()
    yield server
    server.stop()


def _poll(check: Callable[[], bool], timeout_s: float = 30.0) -> None:
    assert poll(check, bool, timeout_s), "condition not reached in time"


def test_triton_down_then_back(own_triton: TritonServer) -> None:
    settings = GatewaySettings(triton_url=own_triton.grpc_url, catalog_refresh_s=1.0)
    with TestClient(create_app(settings)) as gateway:
        assert gateway.post("/v1/image-classification", json=BODY).status_code == 200

        own_triton.stop()
        down = gateway.post("/v1/image-classification", json=BODY)
        assert down.status_code == 503, down.text
        assert down.headers["content-type"] == "application/problem+json"
        assert down.headers["retry-after"]
        assert down.json()["type"].endswith("/triton-unavailable")
        ready = gateway.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "not_ready"
        assert gateway.get("/v1/models").status_code == 503
        assert gateway.get("/healthz").status_code == 200, "liveness never depends on Triton"

        own_triton.start()
        _poll(lambda: gateway.get("/readyz").status_code == 200)
        _poll(lambda: gateway.post("/v1/image-classification", json=BODY).status_code == 200)


def test_the_catalog_is_loaded_at_start_up(own_triton: TritonServer) -> None:
    # Loaded before the first request: with Triton gone before any request, the cached
    # catalog still answers (a lazily loaded one would be a 503).
    settings = GatewaySettings(triton_url=own_triton.grpc_url, catalog_refresh_s=600.0)
    with TestClient(create_app(settings)) as gateway:
        own_triton.stop()
        models = gateway.get("/v1/models")
        assert models.status_code == 200, models.text
        assert {model["name"] for model in models.json()["models"]} == {"digits", "minilm"}


def test_a_gateway_started_before_triton_serves_once_triton_is_up(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    server = TritonServer(triton_settings(tmp_path))  # its ports chosen, not started yet
    settings = GatewaySettings(triton_url=server.grpc_url, catalog_refresh_s=600.0)
    with TestClient(create_app(settings)) as gateway:
        assert "model catalog not loaded at start-up" in capfd.readouterr().err
        assert gateway.get("/healthz").status_code == 200
        early = gateway.post("/v1/image-classification", json=BODY)
        assert early.status_code == 503, early.text
        with server:
            _poll(lambda: gateway.post("/v1/image-classification", json=BODY).status_code == 200)


def test_deadline_exceeded_is_504(triton: TritonServer) -> None:
    settings = GatewaySettings(triton_url=triton.grpc_url, request_timeout_s=0.000001)
    with TestClient(create_app(settings)) as gateway:
        response = gateway.post("/v1/image-classification", json=BODY)
        assert response.status_code == 504, response.text
        assert response.json()["type"].endswith("/deadline-exceeded")
