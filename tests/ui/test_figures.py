"""Figures read from the gateway's Prometheus text: 4xx and 5xx apart, percentiles from buckets."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from inferstack_ui import figures
from inferstack_ui.figures import parse

LABELS = ["route", "method", "status", "model", "version"]
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25)
ROUTE = "/v1/image-classification"


def gateway_like() -> tuple[CollectorRegistry, Counter, Histogram, Histogram]:
    registry = CollectorRegistry()
    requests = Counter("inferstack_gateway_requests", "", LABELS, registry=registry)
    seconds = Histogram(
        "inferstack_gateway_request_duration_seconds",
        "",
        LABELS,
        buckets=BUCKETS,
        registry=registry,
    )
    Gauge("inferstack_gateway_requests_in_flight", "", registry=registry).set(2)
    triton = Histogram(
        "inferstack_gateway_triton_request_duration_seconds",
        "",
        ["model", "version", "outcome"],
        buckets=BUCKETS,
        registry=registry,
    )
    return registry, requests, seconds, triton


def test_client_and_server_errors_are_counted_apart() -> None:
    """Defect 9: people's 422s and 413s are not the stack failing."""
    registry, requests, _, triton = gateway_like()
    requests.labels(ROUTE, "POST", "200", "digits", "2").inc(6)
    requests.labels(ROUTE, "POST", "422", "digits", "").inc(2)
    requests.labels(ROUTE, "POST", "413", "", "").inc(1)
    requests.labels(ROUTE, "POST", "503", "digits", "2").inc(1)
    requests.labels("/healthz", "GET", "200", "", "").inc(10)
    triton.labels("digits", "2", "ok").observe(0.004)
    triton.labels("digits", "2", "ok").observe(0.006)

    found = parse(generate_latest(registry).decode())

    assert found.total_requests == 20
    api = found.api
    assert (api.requests, api.client_errors, api.server_errors) == (10, 3, 1)
    assert found.client_error_rate == pytest.approx(0.3)
    assert found.server_error_rate == pytest.approx(0.1)
    assert found.in_flight == 2
    assert found.triton_calls == 2
    assert found.triton_mean_ms == pytest.approx(5.0)
    by_route = {r.key: r for r in found.routes}
    assert (by_route[ROUTE].client_errors, by_route[ROUTE].server_errors) == (3, 1)
    by_version = {m.key: m for m in found.models}
    assert set(by_version) == {"digits/2"}, "requests that named no resolved version are apart"
    assert (by_version["digits/2"].requests, by_version["digits/2"].server_errors) == (7, 1)
    assert by_version["digits/2"].triton.count == 2


def test_percentiles_per_route_and_version_from_the_buckets() -> None:
    registry, requests, seconds, _ = gateway_like()
    for value in [0.002] * 50 + [0.02] * 45 + [0.2] * 5:
        seconds.labels(ROUTE, "POST", "200", "digits", "2").observe(value)
    requests.labels(ROUTE, "POST", "200", "digits", "2").inc(100)
    found = parse(generate_latest(registry).decode())
    (route,) = [r for r in found.routes if r.key == ROUTE]
    # 50 in (0, 5 ms], 45 in (10, 25 ms], 5 in (100, 250 ms]: interpolated like Prometheus.
    assert route.latency.quantile_ms(0.5) == pytest.approx(5.0)
    assert route.latency.quantile_ms(0.95) == pytest.approx(25.0)
    assert route.latency.quantile_ms(0.99) == pytest.approx(220.0)
    rows = figures.traffic_rows(found.models, "model/version")
    assert rows == [
        {
            "model/version": "digits/2",
            "requests": 100,
            "4xx / 5xx": "0 / 0",
            "p50 / p95 / p99 (ms)": "5.0 / 25.0 / 220",
        }
    ]


def test_a_quantile_past_the_last_bucket_is_its_bound_and_windows_subtract() -> None:
    inf = float("inf")
    early = figures.Histogram(((0.01, 1.0), (0.1, 1.0), (inf, 1.0)), 0.005)
    late = figures.Histogram(((0.01, 1.0), (0.1, 3.0), (inf, 4.0)), 0.5)
    assert late.quantile_ms(0.99) == pytest.approx(100.0)
    window = late.minus(early)
    assert window.count == 3
    assert window.buckets == ((0.01, 0.0), (0.1, 2.0), (inf, 3.0))
    assert early.minus(late) is early, "a restarted gateway: no negative counts"


def test_no_traffic_yet_means_no_rates() -> None:
    found = parse("")
    assert found.client_error_rate is None
    assert found.server_error_rate is None
    assert found.triton_mean_ms is None
    assert found.triton.quantile_ms(0.5) is None
