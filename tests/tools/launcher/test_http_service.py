"""A supervised HTTP service is started once its health path answers, and, when it has one,
once its readiness path does too (a real `python -m http.server` as the child)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from inferstack_tools.launcher.http_service import HttpService
from inferstack_tools.launcher.process import free_ports, http_ok


class FileServer(HttpService):
    """Serves `directory`: healthy at once, ready once a file named `ready` is there."""

    name = "files"
    health_path = "/"
    ready_path = "/ready"

    def __init__(self, directory: Path, *, startup_timeout_s: float = 60.0) -> None:
        (port,) = free_ports(1)
        self.directory = directory
        super().__init__(
            host="127.0.0.1",
            port=port,
            log_file=directory.parent / "files.log",
            startup_timeout_s=startup_timeout_s,
        )

    def argv(self) -> Sequence[str]:
        return [
            sys.executable,
            "-m",
            "http.server",
            "--bind",
            self.host,
            "--directory",
            str(self.directory),
            str(self.port),
        ]


@pytest.fixture
def served(tmp_path: Path) -> Path:
    directory = tmp_path / "served"
    directory.mkdir()
    return directory


class HealthOnlyFileServer(FileServer):
    """The same server, with no readiness path."""

    ready_path = ""


def test_without_a_readiness_path_health_is_enough(served: Path) -> None:
    server = HealthOnlyFileServer(served)
    server.start()
    try:
        assert not http_ok(f"{server.url}/ready")
    finally:
        server.stop()


def test_start_waits_for_the_readiness_path(served: Path) -> None:
    unready = FileServer(served, startup_timeout_s=1.0)
    with pytest.raises(TimeoutError, match="files was not ready"):
        unready.start()
    assert not unready.is_running(), "a service that never got ready is stopped"
    (served / "ready").write_text("yes")
    ready = FileServer(served)
    ready.start()
    try:
        assert http_ok(f"{ready.url}/ready")
    finally:
        ready.stop()
