"""The closed-loop load generator, run in a process of its own (never in a server's event loop).

`concurrency` workers each send a request, wait for its answer, and send the next at once. After
a warm-up, measurement windows follow one another until the last few agree on throughput (see
`stats.is_stable`) or the window budget is spent; a window lasts at least `window_s` and holds at
least `min_window_requests` answers. At each window's edge the CPU time of every server process
tree is read, and this process's own (the client's cost: what any caller of that server pays).
Only the stable windows are reported.

Run: ``python -m inferstack_bench.loadgen SPEC.json RESULT.json``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from inferstack_bench import cpu, workloads
from inferstack_bench.stats import Window, is_stable

Payload = Literal["task", "v2", "tensors"]
Send = Callable[[int], Awaitable[None]]
_TICK_S = 0.05  # how often the controller looks at the clock during a window
_MAX_ERROR_SAMPLES = 5


@dataclass(frozen=True)
class LoadSpec:
    model: workloads.ModelName
    payload: Payload  # task endpoint, v2 pass-through (HTTP), or tensors over gRPC
    target: str  # http://host:port, or host:port for gRPC
    concurrency: int
    warmup_s: float
    window_s: float
    min_window_requests: int
    stable_windows: int
    max_windows: int
    tolerance: float
    server_pids: dict[str, int] = field(default_factory=dict)
    request_timeout_s: float = 120.0


@dataclass
class LoadResult:
    windows: list[Window]  # the reported (stable, or last) windows
    stable: bool
    latencies_s: list[float]  # of the requests that finished in the reported windows
    error_samples: list[str]  # the first few errors, warm-up included


class _Recorder:
    """Every finished request: when it ended, how long it took, whether it succeeded."""

    def __init__(self) -> None:
        self.ends: list[float] = []
        self.latencies: list[float] = []
        self.failed: list[bool] = []
        self.error_samples: list[str] = []

    def record(self, start: float, end: float, error: BaseException | None) -> None:
        self.ends.append(end)
        self.latencies.append(end - start)
        self.failed.append(error is not None)
        if error is not None and len(self.error_samples) < _MAX_ERROR_SAMPLES:
            self.error_samples.append(f"{type(error).__name__}: {error}"[:300])


async def _http_sender(spec: LoadSpec, stack: AsyncExitStack) -> Send:
    import aiohttp

    workload = workloads.load(spec.model)
    path = workload.task_path if spec.payload == "task" else workload.v2_path
    bodies = workload.task_bodies if spec.payload == "task" else workload.v2_bodies()
    connector = aiohttp.TCPConnector(limit=spec.concurrency)
    timeout = aiohttp.ClientTimeout(total=spec.request_timeout_s)
    session = await stack.enter_async_context(
        aiohttp.ClientSession(spec.target, connector=connector, timeout=timeout)
    )
    headers = {"Content-Type": "application/json"}

    async def send(index: int) -> None:
        async with session.post(path, data=bodies[index], headers=headers) as response:
            body = await response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")

    return send


async def _grpc_sender(spec: LoadSpec, stack: AsyncExitStack) -> Send:
    from tritonclient.grpc import InferInput, InferRequestedOutput
    from tritonclient.grpc.aio import InferenceServerClient
    from tritonclient.utils import np_to_triton_dtype

    workload = workloads.load(spec.model)
    client = InferenceServerClient(spec.target)
    stack.push_async_callback(client.close)
    requests = []
    for tensors in workload.tensors:
        inputs = []
        for name, array in tensors.items():
            tensor = InferInput(name, list(array.shape), np_to_triton_dtype(array.dtype))
            tensor.set_data_from_numpy(array)
            inputs.append(tensor)
        requests.append(inputs)
    outputs = [InferRequestedOutput(workload.output)]

    async def send(index: int) -> None:
        await client.infer(
            workload.model,
            requests[index],
            model_version=workload.version,
            outputs=outputs,
            client_timeout=spec.request_timeout_s,
        )

    return send


async def _worker(
    send: Send, first: int, step: int, count: int, recorder: _Recorder, stop: asyncio.Event
) -> None:
    index = first
    while not stop.is_set():
        start = time.monotonic()
        error: BaseException | None = None
        try:
            await send(index % count)
        except Exception as exc:  # counted and sampled: an error is a result, not a crash
            error = exc
        recorder.record(start, time.monotonic(), error)
        index += step


async def _measure(spec: LoadSpec, recorder: _Recorder) -> tuple[list[Window], bool, int]:
    """Windows until stable (or the budget is spent); returns them, whether the last
    `stable_windows` agree, and the index of the first request of the reported windows."""
    windows: list[Window] = []
    marks: list[int] = []
    start, mark, cpu_then = time.monotonic(), len(recorder.ends), cpu.sample(spec.server_pids)
    client_then = time.process_time()
    longest = max(10 * spec.window_s, 60.0)
    while len(windows) < spec.max_windows:
        marks.append(mark)
        while True:
            await asyncio.sleep(_TICK_S)
            elapsed = time.monotonic() - start
            done = len(recorder.ends) - mark
            if (elapsed >= spec.window_s and done >= spec.min_window_requests) or (
                elapsed >= longest
            ):
                break
        end, end_mark, cpu_now = time.monotonic(), len(recorder.ends), cpu.sample(spec.server_pids)
        client_now = time.process_time()
        errors = sum(recorder.failed[mark:end_mark])
        windows.append(
            Window(
                start=start,
                end=end,
                completed=end_mark - mark - errors,
                errors=errors,
                cpu_s={role: cpu_now[role] - cpu_then[role] for role in cpu_now},
                client_cpu_s=client_now - client_then,
            )
        )
        start, mark, cpu_then, client_then = end, end_mark, cpu_now, client_now
        if is_stable(windows, spec.stable_windows, spec.tolerance):
            return windows[-spec.stable_windows :], True, marks[-spec.stable_windows]
    kept = min(spec.stable_windows, len(windows))
    return windows[-kept:], False, marks[-kept]


async def run(spec: LoadSpec) -> LoadResult:
    recorder = _Recorder()
    stop = asyncio.Event()
    count = workloads.INPUTS_PER_WORKLOAD
    async with AsyncExitStack() as stack:
        make = _grpc_sender if spec.payload == "tensors" else _http_sender
        send = await make(spec, stack)
        workers = [
            asyncio.create_task(_worker(send, k, spec.concurrency, count, recorder, stop))
            for k in range(spec.concurrency)
        ]
        try:
            await asyncio.sleep(spec.warmup_s)  # warm-up: load runs, nothing is recorded
            windows, stable, first = await _measure(spec, recorder)
            last = first + sum(w.completed + w.errors for w in windows)
        finally:
            stop.set()
            _, pending = await asyncio.wait(workers, timeout=spec.request_timeout_s)
            for task in pending:
                task.cancel()
    return LoadResult(
        windows=windows,
        stable=stable,
        latencies_s=[
            latency
            for latency, failed in zip(
                recorder.latencies[first:last], recorder.failed[first:last], strict=True
            )
            if not failed
        ],
        error_samples=recorder.error_samples,
    )


def main(argv: list[str] | None = None) -> int:
    spec_file, result_file = (argv if argv is not None else sys.argv[1:])[:2]
    raw = json.loads(Path(spec_file).read_text())
    spec = LoadSpec(**raw)
    result = asyncio.run(run(spec))
    Path(result_file).write_text(json.dumps(asdict(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
