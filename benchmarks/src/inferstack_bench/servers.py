"""The servers under test, each a real process pinned to the server CPUs: Triton, the gateway in
front of it, and the two monoliths."""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from inferstack_bench.monolith import MODES
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.http_service import HttpService
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer, TritonSettings

#: The gateway servers, by role, and the settings that set them apart: the same gateway with
#: its prediction log on (the default) and off, to measure what the log costs.
GATEWAYS: dict[str, dict[str, str]] = {
    "gateway": {},
    "gateway-nolog": {"GATEWAY_PREDICTION_LOG": "false"},
    "gateway-2w": {"GATEWAY_WORKERS": "2"},
}


_NO_SHEDDING = "4096"  # in-flight limit above any concurrency the sweep runs


@dataclass(frozen=True)
class CpuPlan:
    """Which CPUs the load generator and probe use, and which the servers use."""

    clients: frozenset[int]
    servers: frozenset[int]

    @property
    def separate(self) -> bool:
        return not self.clients & self.servers

    def describe(self) -> str:
        if not self.separate:
            return f"not pinned apart (only CPU {_cpus(self.servers)} available)"
        return (
            f"load generator and health probe on CPU {_cpus(self.clients)}, servers on CPU "
            f"{_cpus(self.servers)} (sched_setaffinity before exec, inherited by every thread "
            "and child process)"
        )


def _cpus(cpus: frozenset[int]) -> str:
    return ",".join(str(c) for c in sorted(cpus))


def plan_cpus(available: Sequence[int] | None = None) -> CpuPlan:
    """A quarter of the CPUs (at least one) for the clients, the rest for the servers; one CPU
    is shared."""
    cpus = sorted(available if available is not None else os.sched_getaffinity(0))
    if len(cpus) < 2:
        return CpuPlan(frozenset(cpus), frozenset(cpus))
    clients = max(1, len(cpus) // 4)
    return CpuPlan(frozenset(cpus[:clients]), frozenset(cpus[clients:]))


def bench_gateway(
    name: str,
    port: int,
    work_dir: Path,
    triton_url: str,
    cpus: frozenset[int],
    extra: Mapping[str, str],
    *,
    shed: bool = False,
) -> GatewayServer:
    """A gateway for the benchmark, in front of `triton_url`: no API keys, its own prediction
    log under `work_dir` (fresh for each run), admission control's limit lifted unless `shed`,
    and `extra` settings on top."""
    return GatewayServer(
        host="127.0.0.1",
        port=port,
        log_file=work_dir / f"{name}.log",
        env={
            "GATEWAY_TRITON_URL": triton_url,
            "GATEWAY_API_KEYS": "",
            "GATEWAY_STATE_DIR": str(work_dir / f"{name}-state"),
            **({} if shed else {"GATEWAY_MAX_INFLIGHT_REQUESTS": _NO_SHEDDING}),
            **extra,
        },
        cpus=cpus,
    )


class MonolithServer(HttpService):
    """`python -m inferstack_bench.monolith` in one of its modes."""

    health_path = "/healthz"
    port_setting = "a free port"

    def __init__(
        self, mode: str, repository: Path, *, port: int, log_file: Path, cpus: frozenset[int]
    ) -> None:
        super().__init__(
            host="127.0.0.1", port=port, log_file=log_file, cpus=cpus, startup_timeout_s=120.0
        )
        self.mode = mode
        self.name = f"monolith-{mode}"
        self.repository = repository

    def argv(self) -> Sequence[str]:
        return [
            sys.executable,
            "-m",
            "inferstack_bench.monolith",
            "--mode",
            self.mode,
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--model-repository",
            str(self.repository),
        ]


@dataclass(frozen=True)
class Endpoint:
    """A running server: where to send load, where to probe health, which process to meter."""

    url: str
    health_url: str
    pid: int


class ServerSet:
    """Starts the servers of `roles` on free ports (context manager) and stops them all. Roles:
    ``triton``, ``gateway``, ``gateway-nolog`` (its prediction log off) and ``gateway-2w`` (two
    worker processes) (each needs Triton too), ``monolith-async``, ``monolith-threads``."""

    def __init__(
        self,
        repository: Path,
        work_dir: Path,
        cpus: frozenset[int],
        roles: Collection[str],
        *,
        shed: bool = False,
    ) -> None:
        """`shed`: the gateways keep admission control's limit (the soak measures shedding);
        otherwise (the sweep, which measures the request path) nothing is shed."""
        self.roles = frozenset(roles) | ({"triton"} if set(roles) & set(GATEWAYS) else set())
        http, grpc, metrics = free_ports(3)
        self.triton = TritonServer(
            TritonSettings(
                model_repository=repository,
                http_port=http,
                grpc_port=grpc,
                metrics_port=metrics,
                work_dir=work_dir / "triton",
            ),
            cpus=cpus,
        )
        ports = free_ports(len(GATEWAYS) + len(MODES))
        gateway_ports, monolith_ports = ports[: len(GATEWAYS)], ports[len(GATEWAYS) :]
        gateways = {
            role: bench_gateway(role, port, work_dir, self.triton.grpc_url, cpus, extra, shed=shed)
            for (role, extra), port in zip(GATEWAYS.items(), gateway_ports, strict=True)
        }
        self.gateway = gateways["gateway"]
        monoliths = {
            f"monolith-{mode}": MonolithServer(
                mode,
                repository,
                port=port,
                log_file=work_dir / f"monolith-{mode}.log",
                cpus=cpus,
            )
            for mode, port in zip(MODES, monolith_ports, strict=True)
        }
        self.servers: dict[str, TritonServer | HttpService] = {
            "triton": self.triton,
            **gateways,
            **monoliths,
        }
        self._started: list[TritonServer | HttpService] = []

    def __enter__(self) -> ServerSet:
        try:
            for role, server in self.servers.items():
                if role in self.roles:
                    server.start()
                    self._started.append(server)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        while self._started:
            self._started.pop().stop()

    def endpoint(self, role: str) -> Endpoint:
        if role == "triton":
            return Endpoint(
                self.triton.grpc_url, f"{self.triton.http_url}/v2/health/live", _pid(self.triton)
            )
        server = self.servers[role]
        assert isinstance(server, HttpService)
        return Endpoint(server.url, f"{server.url}{server.health_path}", _pid(server))


def _pid(server: TritonServer | HttpService) -> int:
    if server.pid is None:
        raise RuntimeError(f"{server.name} is not running")
    return server.pid
