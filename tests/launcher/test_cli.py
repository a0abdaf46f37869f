"""`python -m inferstack_tools.triton` as a person runs it: ready banner, signals, clear errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from inferstack_tools.process import http_ok
from inferstack_tools.triton import TritonServer

from tests.conftest import MODEL_REPOSITORY, triton_settings


def _launch(settings_env: dict[str, str], tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    out = tmp_path / "cli.out"
    env = {**os.environ, **settings_env}
    with out.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "inferstack_tools.triton"],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            text=True,
        )
    return process, out


def _env_for(tmp_path: Path) -> dict[str, str]:
    s = triton_settings(tmp_path)
    return {
        "TRITON_MODEL_REPOSITORY": str(MODEL_REPOSITORY),
        "TRITON_HTTP_PORT": str(s.http_port),
        "TRITON_GRPC_PORT": str(s.grpc_port),
        "TRITON_METRICS_PORT": str(s.metrics_port),
        "TRITON_WORK_DIR": str(tmp_path),
    }


def _wait_for_text(out: Path, text: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while text not in out.read_text():
        assert process.poll() is None, out.read_text()
        assert time.monotonic() < deadline, out.read_text()
        time.sleep(0.1)


def _tritonserver_pids() -> set[int]:
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"tritonserver" in cmdline or b"triton_python_backend_stub" in cmdline:
                pids.add(int(entry.name))
    return pids


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_until_signal_then_stops_cleanly(
    sig: signal.Signals, tmp_path: Path, triton: TritonServer
) -> None:
    before = _tritonserver_pids()
    env = _env_for(tmp_path)
    process, out = _launch(env, tmp_path)
    _wait_for_text(out, "Press Ctrl-C to stop.", process)
    assert http_ok(f"http://127.0.0.1:{env['TRITON_HTTP_PORT']}/v2/health/ready")
    assert f"gRPC 127.0.0.1:{env['TRITON_GRPC_PORT']}" in out.read_text()

    process.send_signal(sig)
    assert process.wait(timeout=60) == 0, out.read_text()

    assert "Stopped Triton." in out.read_text()
    assert _tritonserver_pids() <= before, "the CLI left Triton processes behind"


def test_cli_reports_busy_port_in_one_line(triton: TritonServer, tmp_path: Path) -> None:
    env = {**_env_for(tmp_path), "TRITON_HTTP_PORT": str(triton.settings.http_port)}
    process, out = _launch(env, tmp_path)
    assert process.wait(timeout=60) == 2
    text = out.read_text()
    assert f"error: Triton: port {triton.settings.http_port} (HTTP)" in text
    assert "TRITON_HTTP_PORT" in text
    assert "Traceback" not in text


def test_cli_reports_missing_repository(tmp_path: Path) -> None:
    env = {**_env_for(tmp_path), "TRITON_MODEL_REPOSITORY": str(tmp_path / "nowhere")}
    process, out = _launch(env, tmp_path)
    assert process.wait(timeout=60) == 2
    text = out.read_text()
    assert "does not exist" in text
    assert "Traceback" not in text
