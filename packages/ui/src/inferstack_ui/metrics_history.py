"""The gateway's figures polled over time, as rates and windowed percentiles for charts.

Each poll keeps a snapshot (wall-clock time, figures). Between two snapshots: requests per
second, 4xx and 5xx per second, and the p50/p95/p99 of the requests answered in that window
(bucket differences), for the API as a whole and per route.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from inferstack_ui.figures import QUANTILES, GatewayFigures, Histogram, Traffic

#: Snapshots kept: ten minutes at one poll every five seconds.
MAX_SNAPSHOTS = 120


@dataclass(frozen=True)
class Snapshot:
    time: datetime
    figures: GatewayFigures


def added(history: Sequence[Snapshot], snapshot: Snapshot) -> list[Snapshot]:
    """`history` with `snapshot` at the end, the oldest dropped beyond `MAX_SNAPSHOTS`."""
    return [*history, snapshot][-MAX_SNAPSHOTS:]


def rate_rows(history: Sequence[Snapshot]) -> list[dict[str, object]]:
    """Per window: requests/s of the API, and its 4xx/s and 5xx/s (long form: series, value)."""
    rows: list[dict[str, object]] = []
    for before, after in pairwise(history):
        seconds = (after.time - before.time).total_seconds()
        if seconds <= 0:
            continue
        now, then = after.figures.api, before.figures.api
        if now.requests < then.requests:  # the gateway restarted: no window
            continue
        for series, value in (
            ("requests", now.requests - then.requests),
            ("4xx", now.client_errors - then.client_errors),
            ("5xx", now.server_errors - then.server_errors),
        ):
            rows.append(
                {"time": after.time.isoformat(), "series": series, "per second": value / seconds}
            )
    return rows


def latency_rows(history: Sequence[Snapshot]) -> list[dict[str, object]]:
    """Per window: p50/p95/p99 of the API requests answered in it, in ms (windows with some)."""
    rows: list[dict[str, object]] = []
    for before, after in pairwise(history):
        window = _window(after.figures.api, before.figures.api)
        if window is None or not window.count:
            continue
        for q in QUANTILES:
            value = window.quantile_ms(q)
            if value is not None:
                rows.append(
                    {"time": after.time.isoformat(), "series": f"p{q * 100:g}", "ms": value}
                )
    return rows


def _window(now: Traffic, then: Traffic) -> Histogram | None:
    if now.requests < then.requests:
        return None
    return now.latency.minus(then.latency)
