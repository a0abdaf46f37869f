"""The README's stack command: Triton and the gateway up, addresses printed, clean stop."""

from __future__ import annotations

import json
import signal
import urllib.request
from pathlib import Path

from inferstack_tools.process import free_ports
from tests.conftest import MODEL_REPOSITORY
from tests.launcher.console import launch, server_pids, wait_for_text

PROCESSES = (b"tritonserver", b"triton_python_backend_stub", b"inferstack_gateway")


def test_stack_starts_everything_and_stops_cleanly(tmp_path: Path) -> None:
    http, grpc, metrics, gateway = free_ports(4)
    env = {
        "TRITON_MODEL_REPOSITORY": str(MODEL_REPOSITORY),
        "TRITON_HTTP_PORT": str(http),
        "TRITON_GRPC_PORT": str(grpc),
        "TRITON_METRICS_PORT": str(metrics),
        "TRITON_WORK_DIR": str(tmp_path / "triton"),
        "STACK_GATEWAY_PORT": str(gateway),
    }
    before = server_pids(*PROCESSES)
    out = tmp_path / "stack.out"
    process = launch("inferstack_tools.stack", env, out)
    wait_for_text(out, "Press Ctrl-C to stop.", process)
    printed = out.read_text()
    assert f"gRPC 127.0.0.1:{grpc}" in printed
    assert f"Gateway  http://127.0.0.1:{gateway}" in printed

    with urllib.request.urlopen(f"http://127.0.0.1:{gateway}/readyz", timeout=10) as response:
        assert json.load(response)["status"] == "ready"

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0, out.read_text()
    printed = out.read_text()
    assert "Stopped Gateway." in printed
    assert "Stopped Triton." in printed
    assert server_pids(*PROCESSES) <= before, "the stack left processes behind"
