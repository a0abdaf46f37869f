"""The gateway as a supervised uvicorn process, for the stack command and the tests."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from inferstack_tools.process import ManagedProcess, http_ok, port_is_free


class GatewayServer:
    """`python -m inferstack_gateway` on `host:port`, configured by GATEWAY_* variables."""

    name = "Gateway"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        log_file: Path,
        env: Mapping[str, str] | None = None,
        startup_timeout_s: float = 60.0,
        stop_timeout_s: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.log_file = log_file
        self.env = dict(env or {})
        self.startup_timeout_s = startup_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self._process: ManagedProcess | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def describe(self) -> str:
        return f"Gateway  {self.url}  (API docs {self.url}/docs, log: {self.log_file})"

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_running()

    def start(self) -> None:
        if not port_is_free(self.host, self.port):
            raise RuntimeError(
                f"port {self.port} on {self.host} is already in use; choose another with "
                "GATEWAY_PORT"
            )
        process = ManagedProcess(
            "gateway",
            [
                sys.executable,
                "-m",
                "inferstack_gateway",
                "--host",
                self.host,
                "--port",
                str(self.port),
            ],
            self.log_file,
            env={**os.environ, **self.env},
        )
        self._process = process
        process.start()
        try:
            process.wait_until(lambda: http_ok(f"{self.url}/healthz"), self.startup_timeout_s)
        except (RuntimeError, TimeoutError):
            process.stop(self.stop_timeout_s)
            raise

    def stop(self) -> int | None:
        if self._process is None:
            return None
        code = self._process.stop(self.stop_timeout_s)
        self._process = None
        return code
