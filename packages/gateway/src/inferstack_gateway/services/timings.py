"""The per-stage timings an answer reports, from perf_counter readings."""

from __future__ import annotations

from inferstack_schemas import Timings


def stage_timings(
    started: float, began: float, preprocessed: float, inferred: float, finished: float
) -> Timings:
    """Milliseconds of each stage: pre-processing from `began` to `preprocessed`, inference
    until `inferred`, post-processing until `finished`; the total from `started` (when the
    request arrived, which may be before `began`)."""
    return Timings(
        preprocess_ms=_ms(began, preprocessed),
        inference_ms=_ms(preprocessed, inferred),
        postprocess_ms=_ms(inferred, finished),
        total_ms=_ms(started, finished),
    )


def _ms(start: float, end: float) -> float:
    return round((end - start) * 1000.0, 3)
