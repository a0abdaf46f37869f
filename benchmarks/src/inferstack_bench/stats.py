"""Measurement windows and the figures computed from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Window:
    """One measurement window: when it began and ended (monotonic seconds) and what finished in
    it. `cpu_s` is the CPU time each server process tree used during it, by role;
    `client_cpu_s` the load generator's own (its HTTP or gRPC client, all threads)."""

    start: float
    end: float
    completed: int
    errors: int
    cpu_s: dict[str, float]
    client_cpu_s: float = 0.0

    @property
    def throughput(self) -> float:
        return self.completed / (self.end - self.start)


def is_stable(windows: Sequence[Window], count: int, tolerance: float) -> bool:
    """Whether the last `count` windows' throughputs all lie within `tolerance` (a fraction) of
    their mean: perf_analyzer's stability rule."""
    if len(windows) < count:
        return False
    rates = np.array([w.throughput for w in windows[-count:]])
    mean = float(rates.mean())
    return mean > 0 and float(np.abs(rates - mean).max()) <= tolerance * mean


def percentiles_ms(latencies_s: Sequence[float], points: Sequence[float]) -> list[float]:
    """The given percentiles of `latencies_s`, in milliseconds (NaN when there are none)."""
    if not latencies_s:
        return [float("nan")] * len(points)
    values = np.percentile(np.asarray(latencies_s) * 1000.0, points)
    return [float(v) for v in values]
