"""The gateway as a supervised uvicorn process, for the stack command and the tests."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from inferstack_tools.launcher.http_service import HttpService


class GatewayServer(HttpService):
    """`python -m inferstack_gateway` on `host:port`, configured by GATEWAY_* variables."""

    name = "Gateway"
    health_path = "/healthz"
    ready_path = "/readyz"  # Triton ready and the model catalog loaded
    port_setting = "STACK_GATEWAY_PORT"

    def argv(self) -> Sequence[str]:
        return [
            sys.executable,
            "-m",
            "inferstack_gateway",
            "--host",
            self.host,
            "--port",
            str(self.port),
        ]

    def describe(self) -> str:
        return f"Gateway  {self.url}  (API docs {self.url}/docs, log: {self.log_file})"
