"""stage_timings: each stage in milliseconds, the total from the request's arrival."""

from __future__ import annotations

from inferstack_gateway.services.timings import stage_timings


def test_each_stage_and_the_total_from_arrival() -> None:
    timings = stage_timings(9.9995, 10.0, 10.0012344, 10.0042, 10.0043)
    assert timings.preprocess_ms == 1.234
    assert timings.inference_ms == 2.966
    assert timings.postprocess_ms == 0.1
    assert timings.total_ms == 4.8  # from 9.9995, before pre-processing began
