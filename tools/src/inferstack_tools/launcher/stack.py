"""`inferstack-stack`: the whole stack on this machine, printing where to open it.

Ports: Triton from TRITON_* (8000/8001/8002), the gateway from STACK_GATEWAY_PORT (8080), the UI
from STACK_UI_PORT (8501); STACK_HOST is the address the gateway and the UI bind to.
"""

from __future__ import annotations

import os
import sys

from inferstack_tools.builds.minilm_artifact import MiniLMBuildError, ensure_minilm
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import connect_host
from inferstack_tools.launcher.supervisor import supervise
from inferstack_tools.launcher.triton.server import TritonServer
from inferstack_tools.launcher.triton.settings import TritonSettings
from inferstack_tools.launcher.ui import UiServer


def main() -> int:
    settings = TritonSettings()
    try:  # model_repository/minilm/1/model.onnx is built on first use
        ensure_minilm(settings.model_repository.resolve().parent)
    except MiniLMBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    host = os.environ.get("STACK_HOST", "127.0.0.1")
    triton = TritonServer(settings)
    logs = triton.settings.work_dir.parent
    gateway_env = {"GATEWAY_TRITON_URL": triton.grpc_url}
    if "GATEWAY_STATE_DIR" not in os.environ:  # the prediction log's SQLite file lives there
        gateway_env["GATEWAY_STATE_DIR"] = str(logs)
    gateway = GatewayServer(
        host=host,
        port=int(os.environ.get("STACK_GATEWAY_PORT", "8080")),
        log_file=logs / "gateway.log",
        env=gateway_env,
    )
    ui = UiServer(
        host=host,
        port=int(os.environ.get("STACK_UI_PORT", "8501")),
        gateway_url=f"http://{connect_host(host)}:{gateway.port}",
        log_file=logs / "ui.log",
    )
    return supervise([triton, gateway, ui], banner=f"Open the UI at {ui.url}")


if __name__ == "__main__":
    raise SystemExit(main())
