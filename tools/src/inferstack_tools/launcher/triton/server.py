"""The Triton server process: start on the configured ports, poll readiness, stop cleanly."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from inferstack_tools.launcher.process import (
    ManagedProcess,
    ProcessExitedError,
    connect_host,
    http_ok,
    port_is_free,
)
from inferstack_tools.launcher.triton.errors import PortInUseError, TritonError, TritonSetupError
from inferstack_tools.launcher.triton.installation import TritonInstallation, find_installation
from inferstack_tools.launcher.triton.settings import TritonSettings


class TritonServer:
    """A real `tritonserver` serving `settings.model_repository`.

    Use as a context manager, or call `start()` and `stop()`; `start()` returns once the server
    reports ready, and may be called again after `stop()` (the fault tests restart it).
    """

    name = "Triton"

    def __init__(
        self,
        settings: TritonSettings,
        installation: TritonInstallation | None = None,
        *,
        cpus: frozenset[int] | None = None,
    ) -> None:
        self.settings = settings
        self.cpus = cpus  # CPUs the server and its Python-backend stubs may run on (None: any)
        self._installation = installation
        self._process: ManagedProcess | None = None

    @property
    def host(self) -> str:
        return connect_host(self.settings.address)

    @property
    def http_url(self) -> str:
        return f"http://{self.host}:{self.settings.http_port}"

    @property
    def grpc_url(self) -> str:
        return f"{self.host}:{self.settings.grpc_port}"

    @property
    def metrics_url(self) -> str:
        return f"http://{self.host}:{self.settings.metrics_port}/metrics"

    @property
    def log_file(self) -> Path:
        return self.settings.resolved_log_file

    def describe(self) -> str:
        return (
            f"Triton   HTTP {self.http_url}  gRPC {self.grpc_url}  metrics {self.metrics_url}"
            f"  (log: {self.log_file})"
        )

    def is_ready(self) -> bool:
        return http_ok(f"{self.http_url}/v2/health/ready")

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_running()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        if self.is_running():
            raise TritonError("Triton is already running")
        repository = self.settings.model_repository.resolve()
        if not repository.is_dir():
            raise TritonSetupError(f"model repository {repository} does not exist")
        self._check_ports()
        installation = self._installation or find_installation()
        self._installation = installation
        backend_dir = installation.prepare_backend_dir(self.settings.work_dir.resolve())
        process = ManagedProcess(
            "tritonserver",
            self._argv(installation, repository, backend_dir),
            self.log_file,
            env=self._env(installation),
            cpus=self.cpus,
        )
        self._process = process
        process.start()
        try:
            process.wait_until(self.is_ready, self.settings.startup_timeout_s)
        except (ProcessExitedError, TimeoutError) as exc:
            process.stop(self.settings.stop_timeout_s)
            raise TritonError(str(exc)) from None

    def stop(self) -> int | None:
        """Stop Triton (SIGTERM, SIGKILL after the stop timeout); return its exit code."""
        if self._process is None:
            return None
        code = self._process.stop(self.settings.stop_timeout_s)
        self._process = None
        return code

    def __enter__(self) -> TritonServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _check_ports(self) -> None:
        settings = self.settings
        for label, port in (
            ("HTTP", settings.http_port),
            ("gRPC", settings.grpc_port),
            ("metrics", settings.metrics_port),
        ):
            if not port_is_free(settings.address, port):
                variable = f"TRITON_{label.upper()}_PORT"
                raise PortInUseError(
                    f"port {port} ({label}) on {settings.address} is already in use; stop what "
                    f"holds it or choose another port with {variable}"
                )

    def _argv(
        self, installation: TritonInstallation, repository: Path, backend_dir: Path
    ) -> list[str]:
        s = self.settings
        poll = (
            [f"--repository-poll-secs={s.repository_poll_s}"]
            if s.model_control_mode == "poll"
            else []
        )
        return [
            str(installation.binary),
            f"--model-repository={repository}",
            f"--backend-directory={backend_dir}",
            f"--http-address={s.address}",
            f"--http-port={s.http_port}",
            f"--grpc-address={s.address}",
            f"--grpc-port={s.grpc_port}",
            f"--metrics-address={s.address}",
            f"--metrics-port={s.metrics_port}",
            f"--exit-timeout-secs={max(1, int(s.stop_timeout_s) - 1)}",
            f"--log-verbose={s.log_verbose}",
            f"--model-control-mode={s.model_control_mode}",
            *poll,
        ]

    def _env(self, installation: TritonInstallation) -> dict[str, str]:
        """The stub embeds libpython and imports from this interpreter's environment."""
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = installation.library_path()
        bin_dir = str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
        if sys.prefix != sys.base_prefix:
            env["VIRTUAL_ENV"] = sys.prefix
        return env
