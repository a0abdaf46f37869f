"""Session fixtures: one real Triton on free ports, shared by every test that needs it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from inferstack_tools.process import free_ports
from inferstack_tools.triton import TritonServer, TritonSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_REPOSITORY = REPO_ROOT / "model_repository"


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
