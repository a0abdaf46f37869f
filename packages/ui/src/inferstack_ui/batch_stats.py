"""The figures of a batch run: pace, request latency, versions, labels and confidence."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence

from inferstack_sdk import ImageResult


def request_latencies_ms(results: Sequence[ImageResult]) -> list[float]:
    """The round trip of every request that answered some of `results`, once per request."""
    seen: dict[str, float] = {}
    for result in results:
        if result.answer is not None:
            seen.setdefault(result.answer.response.request_id, result.answer.round_trip_ms)
    return list(seen.values())


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-quantile of `values` (linear between closest ranks); None without values."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[round(q * 100) - 1] if 0 < q < 1 else (min(values) if q <= 0 else max(values))


def versions(results: Sequence[ImageResult]) -> list[str]:
    """The versions that answered, in numeric order."""
    found = {r.version for r in results if r.version is not None}
    return sorted(found, key=lambda v: (len(v), v))


def label_counts(results: Sequence[ImageResult]) -> list[dict[str, str | int]]:
    """How many images got each top label (rows: label, count), most first."""
    counts = Counter(r.best.label for r in results if r.best is not None)
    return [{"label": label, "count": n} for label, n in counts.most_common()]


def confidences(results: Sequence[ImageResult]) -> list[dict[str, float]]:
    """The top label's probability of each classified image (rows: probability)."""
    return [{"probability": r.best.probability} for r in results if r.best is not None]


def answered_by(version_choice: str, results: Sequence[ImageResult]) -> str:
    """ "version 2", or "the default version (2)": what answered, not only what was asked."""
    found = versions(results)
    said = ", ".join(found) if found else "none"
    if version_choice == "default":
        return f"the default version ({said})" if found else "the default version"
    return f"version {said}" if found else f"version {version_choice}"
