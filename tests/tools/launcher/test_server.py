"""The launcher against the real tritonserver: readiness, busy ports, clean stop."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inferstack_tools.launcher.triton import PortInUseError, TritonServer, TritonSettings
from tests.conftest import triton_settings


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_session_server_is_ready(triton: TritonServer) -> None:
    assert triton.is_running()
    assert triton.is_ready()


def test_second_start_on_busy_port_fails_clearly(triton: TritonServer, tmp_path: Path) -> None:
    clash = TritonSettings(
        **{**triton_settings(tmp_path).model_dump(), "grpc_port": triton.settings.grpc_port}
    )
    with pytest.raises(PortInUseError, match=rf"port {triton.settings.grpc_port} \(gRPC\)"):
        TritonServer(clash).start()
    assert triton.is_ready(), "the running server must be untouched"


def test_stop_leaves_no_process_behind(tmp_path: Path) -> None:
    server = TritonServer(triton_settings(tmp_path))
    server.start()
    process = server._process
    assert process is not None
    assert process.pid is not None
    pgid = process.pid
    assert _group_alive(pgid)

    server.stop()

    assert not server.is_running()
    assert not _group_alive(pgid), "tritonserver or a Python backend stub outlived stop()"
    assert not server.is_ready()


def test_restart_after_stop_serves_again(tmp_path: Path) -> None:
    server = TritonServer(triton_settings(tmp_path))
    with server:
        assert server.is_ready()
    with server:
        assert server.is_ready()
    log = server.log_file.read_text()
    assert log.count("Started GRPCInferenceService") == 2, "both starts are in the one log file"
