"""One benchmark run: start the servers, then for each model and concurrency run every arm side by
side, each cell with its own load-generator and health-probe processes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from inferstack_bench.loadgen import LoadSpec, Payload
from inferstack_bench.servers import CpuPlan, ServerSet
from inferstack_bench.stats import Window, percentiles_ms
from inferstack_bench.workloads import ModelName
from inferstack_tools.launcher.process import child_setup


@dataclass(frozen=True)
class Arm:
    key: str
    label: str
    payload: Payload
    entry: str  # the server role the load goes to
    metered: tuple[str, ...]  # the server roles whose CPU time the arm uses


ARMS: tuple[Arm, ...] = (
    Arm("direct", "Triton direct (gRPC, async client)", "tensors", "triton", ("triton",)),
    Arm("gateway", "Gateway task endpoint -> Triton", "task", "gateway", ("gateway", "triton")),
    Arm(
        "gateway-nolog",
        "Gateway task endpoint -> Triton, prediction log off",
        "task",
        "gateway-nolog",
        ("gateway-nolog", "triton"),
    ),
    Arm("v2", "Gateway v2 pass-through -> Triton", "v2", "gateway", ("gateway", "triton")),
    Arm(
        "gateway-2w",
        "Gateway task endpoint, 2 worker processes -> Triton",
        "task",
        "gateway-2w",
        ("gateway-2w", "triton"),
    ),
    Arm(
        "monolith-async",
        "Monolith: onnxruntime in the async handler",
        "task",
        "monolith-async",
        ("monolith-async",),
    ),
    Arm(
        "monolith-threads",
        "Monolith: onnxruntime in the thread pool",
        "task",
        "monolith-threads",
        ("monolith-threads",),
    ),
)
ARM_KEYS = tuple(arm.key for arm in ARMS)


@dataclass(frozen=True)
class Timing:
    """How long to load each cell."""

    warmup_s: float = 3.0
    window_s: float = 2.0
    stable_windows: int = 3
    max_windows: int = 10
    tolerance: float = 0.10
    # Each probe costs the gateway ~0.3 ms of CPU, counted against the load's requests.
    probe_interval_s: float = 0.1

    def min_window_requests(self, concurrency: int) -> int:
        """Enough answers that a window is not one burst of a batched server."""
        return max(20, 4 * concurrency)


@dataclass(frozen=True)
class Cell:
    """The figures of one arm at one concurrency."""

    model: str
    arm: str
    concurrency: int
    throughput: float  # successful requests per second
    p50_ms: float
    p90_ms: float
    p99_ms: float
    requests: int
    errors: int
    stable: bool
    windows: int
    cpu_ms_per_request: dict[str, float]  # by server role
    client_cpu_ms_per_request: float  # the load generator's: its HTTP or gRPC client
    health_p99_ms: float
    health_probes: int
    health_failures: int
    error_samples: list[str]


def load_spec(
    model: ModelName,
    arm: Arm,
    concurrency: int,
    timing: Timing,
    target: str,
    server_pids: dict[str, int],
) -> LoadSpec:
    return LoadSpec(
        model=model,
        payload=arm.payload,
        target=target,
        concurrency=concurrency,
        warmup_s=timing.warmup_s,
        window_s=timing.window_s,
        min_window_requests=timing.min_window_requests(concurrency),
        stable_windows=timing.stable_windows,
        max_windows=timing.max_windows,
        tolerance=timing.tolerance,
        server_pids=server_pids,
    )


def start_loadgen(spec: LoadSpec, stem: Path, cpus: frozenset[int]) -> subprocess.Popen[bytes]:
    """The load generator in its own process on `cpus`; it writes `<stem>.result.json`."""
    spec_file = stem.with_suffix(".spec.json")
    spec_file.write_text(json.dumps(asdict(spec)))
    return _start("loadgen", [spec_file, stem.with_suffix(".result.json")], cpus)


def _start(module: str, args: Sequence[object], cpus: frozenset[int]) -> subprocess.Popen[bytes]:
    """`python -m inferstack_bench.<module> ARGS` on `cpus`, ending with this process."""
    command = [sys.executable, "-m", f"inferstack_bench.{module}", *map(str, args)]
    return subprocess.Popen(command, preexec_fn=child_setup(cpus))


def run_cell(
    servers: ServerSet,
    model: ModelName,
    arm: Arm,
    concurrency: int,
    timing: Timing,
    cpus: CpuPlan,
    work_dir: Path,
) -> Cell:
    entry = servers.endpoint(arm.entry)
    pids = {role: servers.endpoint(role).pid for role in arm.metered}
    spec = load_spec(model, arm, concurrency, timing, entry.url, pids)
    stem = work_dir / f"{model}-{arm.key}-c{concurrency}"
    probe_file = stem.with_suffix(".probe.json")
    probe = _start("probe", [entry.health_url, timing.probe_interval_s, probe_file], cpus.clients)
    try:
        load = start_loadgen(spec, stem, cpus.clients)
        if load.wait() != 0:
            raise RuntimeError(f"the load generator exited with code {load.returncode}")
    finally:
        probe.send_signal(signal.SIGTERM)
        probe.wait(timeout=60)
    return _cell(model, arm, concurrency, stem.with_suffix(".result.json"), probe_file)


def _cell(model: str, arm: Arm, concurrency: int, result_file: Path, probe_file: Path) -> Cell:
    result = json.loads(result_file.read_text())
    windows = [Window(**w) for w in result["windows"]]
    latencies: list[float] = result["latencies_s"]
    p50, p90, p99 = percentiles_ms(latencies, (50, 90, 99))
    completed = sum(w.completed for w in windows)
    span = sum(w.end - w.start for w in windows)
    cpu = {
        role: 1000.0 * sum(w.cpu_s.get(role, 0.0) for w in windows) / max(completed, 1)
        for role in arm.metered
    }
    client_cpu = 1000.0 * sum(w.client_cpu_s for w in windows) / max(completed, 1)
    begin, end = windows[0].start, windows[-1].end
    probes = [(t, lat, ok) for t, lat, ok in json.loads(probe_file.read_text()) if begin <= t < end]
    (health_p99,) = percentiles_ms([lat for _, lat, ok in probes if ok], (99,))
    return Cell(
        model=model,
        arm=arm.key,
        concurrency=concurrency,
        throughput=completed / span if span > 0 else 0.0,
        p50_ms=p50,
        p90_ms=p90,
        p99_ms=p99,
        requests=completed,
        errors=sum(w.errors for w in windows),
        stable=bool(result["stable"]),
        windows=len(windows),
        cpu_ms_per_request=cpu,
        client_cpu_ms_per_request=client_cpu,
        health_p99_ms=health_p99,
        health_probes=len(probes),
        health_failures=sum(1 for _, _, ok in probes if not ok),
        error_samples=list(result["error_samples"]),
    )


def run_all(
    servers: ServerSet,
    models: Sequence[ModelName],
    arms: Sequence[Arm],
    concurrencies: Sequence[int],
    timing: Timing,
    cpus: CpuPlan,
    work_dir: Path,
    progress: Callable[[Cell], None],
) -> list[Cell]:
    """Every cell: per model and concurrency, the arms one after another (side by side)."""
    cells = []
    for model in models:
        for concurrency in concurrencies:
            for arm in arms:
                cell = run_cell(servers, model, arm, concurrency, timing, cpus, work_dir)
                progress(cell)
                cells.append(cell)
    return cells
