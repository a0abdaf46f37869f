"""Session fixtures: one real Triton on free ports, shared by every test that needs it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import GatewaySettings
from inferstack_tools.builds.minilm_artifact import ensure_minilm
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer, TritonSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_REPOSITORY = REPO_ROOT / "model_repository"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build model_repository/minilm/1/model.onnx on first use, before any test's timeout runs."""
    ensure_minilm(REPO_ROOT)


@pytest.fixture(scope="session", autouse=True)
def gateway_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every gateway the tests start, in-process or as a process, keeps its default SQLite
    prediction log here, never in the checkout's `.var/`."""
    path = tmp_path_factory.mktemp("gateway-state")
    previous = os.environ.get("GATEWAY_STATE_DIR")
    os.environ["GATEWAY_STATE_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("GATEWAY_STATE_DIR", None)
    else:
        os.environ["GATEWAY_STATE_DIR"] = previous


def triton_settings(work_dir: Path, model_repository: Path = MODEL_REPOSITORY) -> TritonSettings:
    """Settings for a Triton on three fresh ports, writing into `work_dir`."""
    http, grpc, metrics = free_ports(3)
    return TritonSettings(
        model_repository=model_repository,
        http_port=http,
        grpc_port=grpc,
        metrics_port=metrics,
        work_dir=work_dir,
    )


@pytest.fixture(scope="session")
def triton(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TritonServer]:
    """The real Triton serving `model_repository/`, started once per test session."""
    server = TritonServer(triton_settings(tmp_path_factory.mktemp("triton")))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def gateway_settings(triton: TritonServer) -> GatewaySettings:
    """Gateway settings pointing at the session's Triton, with no API keys."""
    return GatewaySettings(triton_url=triton.grpc_url, catalog_refresh_s=1.0)


@pytest.fixture(scope="session")
def gateway(gateway_settings: GatewaySettings) -> Iterator[TestClient]:
    """The real gateway app in-process (lifespan run), talking to the real Triton."""
    with TestClient(create_app(gateway_settings), raise_server_exceptions=False) as client:
        yield client


TEST_API_KEY = "test-key-0123456789"


def gateway_process(
    triton: TritonServer, tmp_path_factory: pytest.TempPathFactory, **env: str
) -> GatewayServer:
    (port,) = free_ports(1)
    return GatewayServer(
        host="127.0.0.1",
        port=port,
        log_file=tmp_path_factory.mktemp("gateway") / "gateway.log",
        env={"GATEWAY_TRITON_URL": triton.grpc_url, **env},
    )


@pytest.fixture(scope="session")
def gateway_server(
    triton: TritonServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GatewayServer]:
    """The gateway as a real uvicorn server process, for clients that need a URL."""
    server = gateway_process(triton, tmp_path_factory)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def secured_gateway_server(
    triton: TritonServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GatewayServer]:
    """A real gateway process that requires `TEST_API_KEY` on its /v1 and /v2 routes."""
    server = gateway_process(triton, tmp_path_factory, GATEWAY_API_KEYS=TEST_API_KEY)
    server.start()
    yield server
    server.stop()
