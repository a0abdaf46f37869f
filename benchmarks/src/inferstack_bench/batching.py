"""`./dev bench-batching`: what batching gains inside onnxruntime alone, per batch size.

The dynamic batcher can only win what the model itself gains from a batch. This runs the
model's ONNX file with the Triton runners' session options, in this process, pinned to one
CPU, on the benchmark's own inputs batched by the gateway's processors, and prints the time per
batch and per input for each batch size as a markdown table. Where the time per input stops
falling, larger batches only make every request in them wait longer (see
``preferred_batch_size`` in ``model_repository/minilm/config.pbtxt``).

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

import numpy as np

from inferstack_bench.cli import number, positive_integers
from inferstack_bench.monolith import session
from inferstack_bench.workloads import MODELS, ModelName, batch_tensors, load
from inferstack_tools.builds.minilm_artifact import ensure_minilm


@dataclass(frozen=True)
class BatchTiming:
    size: int
    ms_per_batch: float

    @property
    def ms_per_input(self) -> float:
        return self.ms_per_batch / self.size


def time_batches(
    path: Path, model_name: ModelName, sizes: Sequence[int], duration_s: float
) -> list[BatchTiming]:
    """Median time of one onnxruntime call per batch size, over about `duration_s` each."""
    model = session(path)
    outputs = [output.name for output in model.get_outputs()]
    timings = []
    for size in sizes:
        feed = batch_tensors(model_name, size)
        model.run(outputs, feed)  # warm-up
        samples: list[float] = []
        deadline = time.perf_counter() + duration_s
        while len(samples) < 3 or time.perf_counter() < deadline:
            began = time.perf_counter()
            model.run(outputs, feed)
            samples.append(time.perf_counter() - began)
        timings.append(BatchTiming(size, 1000 * float(np.median(samples))))
    return timings


def markdown(model: str, version: str, timings: Sequence[BatchTiming]) -> str:
    single = timings[0].ms_per_input
    lines = [
        f"onnxruntime alone, `{model}` version {version}, one CPU, median per call:",
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
    parser.add_argument("--sizes", type=positive_integers, default=[1, 2, 4, 8, 16, 32, 64])
    parser.add_argument("--duration", type=number(0.01), default=3.0, help="seconds per size")
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    args = parser.parse_args(argv)
    model: ModelName = args.model
    repository = args.repository.resolve()
    if model == "minilm":
        ensure_minilm(repository.parent)
    # One CPU, the last this process may use: the one `./dev bench` gives the servers.
    os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    version = load(model).version
    timings = time_batches(
        repository / model / version / "model.onnx", model, args.sizes, args.duration
    )
    print(markdown(model, version, timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
