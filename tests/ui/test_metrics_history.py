"""Polled figures as rates and windowed percentiles over time."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from inferstack_ui.figures import GatewayFigures, Histogram, Traffic
from inferstack_ui.metrics_history import MAX_SNAPSHOTS, Snapshot, added, latency_rows, rate_rows

T0 = datetime(2026, 1, 1, 12, 0, 0)
INF = float("inf")


def at(
    seconds: float, requests: float, client: float, server: float, fast: float, slow: float
) -> Snapshot:
    latency = Histogram(((0.01, fast), (0.1, fast + slow), (INF, fast + slow)), 0.0)
    route = Traffic("/v1/embeddings", requests, client, server, latency)
    return Snapshot(T0 + timedelta(seconds=seconds), GatewayFigures(requests, 0, (route,)))


def test_rates_per_second_between_readings() -> None:
    history = [at(0, 10, 1, 0, 10, 0), at(5, 60, 11, 5, 50, 10)]
    rows = {row["series"]: row["per second"] for row in rate_rows(history)}
    assert rows == {"requests": 10.0, "4xx": 2.0, "5xx": 1.0}


def test_latency_of_the_requests_in_each_window() -> None:
    history = [at(0, 10, 0, 0, 10, 0), at(5, 20, 0, 0, 10, 10), at(10, 20, 0, 0, 10, 10)]
    rows = latency_rows(history)
    assert {row["series"] for row in rows} == {"p50", "p95", "p99"}
    p50 = next(row["ms"] for row in rows if row["series"] == "p50")
    assert p50 == pytest.approx(55.0), "the window held only slow requests: 10..100 ms"
    assert all(row["time"] == history[1].time.isoformat() for row in rows), "no requests later"


def test_a_restart_is_not_a_negative_rate_and_history_is_capped() -> None:
    assert rate_rows([at(0, 100, 0, 0, 0, 0), at(5, 3, 0, 0, 0, 0)]) == []
    history: list[Snapshot] = []
    for i in range(MAX_SNAPSHOTS + 5):
        history = added(history, at(i, i, 0, 0, 0, 0))
    assert len(history) == MAX_SNAPSHOTS
    assert history[0].time == T0 + timedelta(seconds=5)
