"""A supervised child process that serves HTTP: free-port check, start, health polling, stop."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path

from inferstack_tools.launcher.process import ManagedProcess, connect_host, http_ok, port_is_free


class HttpService:
    """Runs `argv()` and is started once `GET <url><health_path>` answers 2xx, and then, for a
    service with a `ready_path`, once that does too (the service can do its work, where health
    says only that the process answers).

    Subclasses set `name`, `health_path`, `ready_path` and `port_setting` (the variable that
    moves the port), and build the command line in `argv()`.
    """

    name = "service"
    health_path = "/"
    ready_path = ""
    port_setting = ""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        log_file: Path,
        env: Mapping[str, str] | None = None,
        startup_timeout_s: float = 60.0,
        stop_timeout_s: float = 10.0,
        cpus: frozenset[int] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.log_file = log_file
        self.env = dict(env or {})
        self.startup_timeout_s = startup_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self.cpus = cpus  # CPUs the process may run on (None: any)
        self._process: ManagedProcess | None = None

    @property
    def url(self) -> str:
        return f"http://{connect_host(self.host)}:{self.port}"

    def argv(self) -> Sequence[str]:
        raise NotImplementedError

    def child_env(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    def describe(self) -> str:
        return f"{self.name:<8} {self.url}  (log: {self.log_file})"

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_running()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        if not port_is_free(self.host, self.port):
            raise RuntimeError(
                f"port {self.port} on {self.host} is already in use; choose another with "
                f"{self.port_setting}"
            )
        process = ManagedProcess(
            self.name.lower(), self.argv(), self.log_file, env=self.child_env(), cpus=self.cpus
        )
        self._process = process
        process.start()
        try:
            for path in filter(None, (self.health_path, self.ready_path)):
                process.wait_until(partial(http_ok, f"{self.url}{path}"), self.startup_timeout_s)
        except (RuntimeError, TimeoutError):
            process.stop(self.stop_timeout_s)
            raise

    def stop(self) -> int | None:
        if self._process is None:
            return None
        code = self._process.stop(self.stop_timeout_s)
        self._process = None
        return code
