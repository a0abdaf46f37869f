"""`./dev bench-batching`: what batching gains inside onnxruntime alone, per batch size.

The dynamic batcher can only win what the model itself gains from a batch. This runs the
model's ONNX file with the Triton runners' session options, in this process, pinned to one
CPU, on the benchmark's own inputs stacked into batches of each size, and prints the time per
batch and per input as a markdown table. Where the time per input stops falling, larger
batches only make every request in them wait longer (see ``preferred_batch_size`` in
``model_repository/minilm/config.pbtxt``).

./dev bench-batching --model minilm
./dev bench-batching --model digits --sizes 1,8,64 --duration 1
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from inferstack_bench.cli import _concurrencies, number
from inferstack_bench.monolith import session
from inferstack_bench.workloads import MODELS, ModelName, load
from inferstack_tools.models.minilm_artifact import ensure_minilm

Tensors = dict[str, npt.NDArray[Any]]


@dataclass(frozen=True)
class BatchTiming:
    size: int
    ms_per_batch: float

    @property
    def ms_per_input(self) -> float:
        return self.ms_per_batch / self.size


def stack(inputs: Sequence[Tensors], size: int) -> Tensors:
    """The first `size` inputs (cycling) as one batch, right-padded with zeros to the longest;
    as the runners do it (pad id 0, attention mask 0)."""
    picked = [inputs[i % len(inputs)] for i in range(size)]
    batch: Tensors = {}
    for name in picked[0]:
        rows = [tensors[name] for tensors in picked]
        shape = tuple(max(row.shape[axis] for row in rows) for axis in range(1, rows[0].ndim))
        out = np.zeros((sum(len(row) for row in rows), *shape), dtype=rows[0].dtype)
        start = 0
        for row in rows:
            out[(slice(start, start + len(row)), *(slice(0, n) for n in row.shape[1:]))] = row
            start += len(row)
        batch[name] = out
    return batch


def time_batches(
    path: Path, inputs: Sequence[Tensors], sizes: Sequence[int], duration_s: float
) -> list[BatchTiming]:
    """Median time of one onnxruntime call per batch size, over about `duration_s` each."""
    model = session(path)
    outputs = [output.name for output in model.get_outputs()]
    timings = []
    for size in sizes:
        feed = stack(inputs, size)
        model.run(outputs, feed)  # warm-up
        samples: list[float] = []
        deadline = time.perf_counter() + duration_s
        while len(samples) < 3 or time.perf_counter() < deadline:
            began = time.perf_counter()
            model.run(outputs, feed)
            samples.append(time.perf_counter() - began)
        timings.append(BatchTiming(size, 1000 * float(np.median(samples))))
    return timings


def markdown(model: str, timings: Sequence[BatchTiming]) -> str:
    single = timings[0].ms_per_input
    lines = [
        f"onnxruntime alone, `{model}`, one CPU, median per call:",
        "",
        "| batch | ms per batch | ms per input | per input vs the first row |",
        "|---:|---:|---:|---:|",
    ]
    for timing in timings:
        lines.append(
            f"| {timing.size} | {timing.ms_per_batch:.2f} | {timing.ms_per_input:.3f} "
            f"| {timing.ms_per_input / single:.2f}x |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-batching", description=__doc__.split("\n")[0])
    parser.add_argument("--model", choices=MODELS, default="minilm")
    parser.add_argument("--sizes", type=_concurrencies, default=[1, 2, 4, 8, 16, 32, 64])
    parser.add_argument("--duration", type=number(0.01), default=3.0, help="seconds per size")
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    args = parser.parse_args(argv)
    model: ModelName = args.model
    repository = args.repository.resolve()
    if model == "minilm":
        ensure_minilm(repository.parent)
    # One CPU, the last this process may use: the one `./dev bench` gives the servers.
    os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    workload = load(model)
    path = repository / model / workload.version / "model.onnx"
    timings = time_batches(path, workload.tensors, args.sizes, args.duration)
    print(markdown(f"{model}` version `{workload.version}", timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
