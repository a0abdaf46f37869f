"""`python -m inferstack_tools.launcher.triton` as a person runs it: banner, signals, errors."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from inferstack_tools.launcher.process import http_ok
from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import MODEL_REPOSITORY, triton_settings
from tests.tools.launcher.console import launch, server_pids, wait_for_text

MODULE = "inferstack_tools.launcher.triton"


def _env_for(tmp_path: Path) -> dict[str, str]:
    s = triton_settings(tmp_path)
    return {
        "TRITON_MODEL_REPOSITORY": str(MODEL_REPOSITORY),
        "TRITON_HTTP_PORT": str(s.http_port),
        "TRITON_GRPC_PORT": str(s.grpc_port),
        "TRITON_METRICS_PORT": str(s.metrics_port),
        "TRITON_WORK_DIR": str(tmp_path),
    }


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_until_signal_then_stops_cleanly(
    sig: signal.Signals, tmp_path: Path, triton: TritonServer
) -> None:
    env = _env_for(tmp_path)
    mine = str(tmp_path).encode()  # in tritonserver's and every stub's command line
    out = tmp_path / "cli.out"
    process = launch(MODULE, env, out)
    wait_for_text(out, "Press Ctrl-C to stop.", process)
    assert server_pids(mine), "the marker must find the running Triton"
    assert http_ok(f"http://127.0.0.1:{env['TRITON_HTTP_PORT']}/v2/health/ready")
    assert f"gRPC 127.0.0.1:{env['TRITON_GRPC_PORT']}" in out.read_text()

    process.send_signal(sig)
    assert process.wait(timeout=60) == 0, out.read_text()

    assert "Stopped Triton." in out.read_text()
    assert not server_pids(mine), "the CLI left Triton processes behind"


def test_cli_reports_busy_port_in_one_line(triton: TritonServer, tmp_path: Path) -> None:
    env = {**_env_for(tmp_path), "TRITON_HTTP_PORT": str(triton.settings.http_port)}
    out = tmp_path / "cli.out"
    process = launch(MODULE, env, out)
    assert process.wait(timeout=60) == 2
    text = out.read_text()
    assert f"error: Triton: port {triton.settings.http_port} (HTTP)" in text
    assert "TRITON_HTTP_PORT" in text
    assert "Traceback" not in text


def test_cli_reports_missing_repository(tmp_path: Path) -> None:
    env = {**_env_for(tmp_path), "TRITON_MODEL_REPOSITORY": str(tmp_path / "nowhere")}
    out = tmp_path / "cli.out"
    process = launch(MODULE, env, out)
    assert process.wait(timeout=60) == 2
    text = out.read_text()
    assert "does not exist" in text
    assert "Traceback" not in text
