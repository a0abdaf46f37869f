"""The README's stack command: Triton, the gateway and the UI up, addresses printed, clean stop."""

from __future__ import annotations

import json
import signal
import urllib.request
from pathlib import Path

from inferstack_tools.launcher.process import free_ports
from tests.conftest import MODEL_REPOSITORY
from tests.tools.launcher.console import launch, server_pids, wait_for_text


def test_stack_starts_everything_and_stops_cleanly(tmp_path: Path) -> None:
    http, grpc, metrics, gateway, ui = free_ports(5)
    env = {
        "TRITON_MODEL_REPOSITORY": str(MODEL_REPOSITORY),
        "TRITON_HTTP_PORT": str(http),
        "TRITON_GRPC_PORT": str(grpc),
        "TRITON_METRICS_PORT": str(metrics),
        "TRITON_WORK_DIR": str(tmp_path / "triton"),
        "STACK_GATEWAY_PORT": str(gateway),
        "STACK_UI_PORT": str(ui),
    }
    mine = (  # markers unique to this stack: Triton's work dir, the gateway's and UI's ports
        str(tmp_path / "triton").encode(),
        f"--port\0{gateway}\0".encode(),
        f"--server.port\0{ui}\0".encode(),
    )
    out = tmp_path / "stack.out"
    process = launch("inferstack_tools.launcher.stack", env, out)
    wait_for_text(out, "Press Ctrl-C to stop.", process)
    printed = out.read_text()
    assert len(server_pids(*mine)) >= 4, "Triton, a stub, the gateway and the UI must be found"
    assert f"gRPC 127.0.0.1:{grpc}" in printed
    assert f"Gateway  http://127.0.0.1:{gateway}" in printed
    assert f"Open the UI at http://127.0.0.1:{ui}" in printed

    with urllib.request.urlopen(f"http://127.0.0.1:{gateway}/readyz", timeout=10) as response:
        assert json.load(response)["status"] == "ready"
    with urllib.request.urlopen(f"http://127.0.0.1:{ui}/_stcore/health", timeout=10) as response:
        assert response.status == 200

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0, out.read_text()
    printed = out.read_text()
    assert "Stopped UI." in printed
    assert "Stopped Gateway." in printed
    assert "Stopped Triton." in printed
    assert not server_pids(*mine), "the stack left processes behind"
