"""Figures read from the gateway's Prometheus text."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from inferstack_ui.figures import parse


def test_figures_from_a_gateway_like_registry() -> None:
    registry = CollectorRegistry()
    labels = ["route", "method", "status", "model", "version"]
    requests = Counter("inferstack_gateway_requests", "", labels, registry=registry)
    seconds = Histogram(
        "inferstack_gateway_request_duration_seconds", "", labels, registry=registry
    )
    in_flight = Gauge("inferstack_gateway_requests_in_flight", "", registry=registry)
    triton = Histogram(
        "inferstack_gateway_triton_request_duration_seconds",
        "",
        ["model", "version", "outcome"],
        registry=registry,
    )
    route = "/v1/image-classification"
    requests.labels(route, "POST", "200", "digits", "2").inc(6)
    requests.labels(route, "POST", "422", "digits", "").inc(2)
    requests.labels("/healthz", "GET", "200", "", "").inc(10)
    seconds.labels(route, "POST", "200", "digits", "2").observe(0.010)
    seconds.labels(route, "POST", "200", "digits", "2").observe(0.030)
    in_flight.set(2)
    triton.labels("digits", "2", "ok").observe(0.004)
    triton.labels("digits", "2", "ok").observe(0.006)

    figures = parse(generate_latest(registry).decode())

    assert figures.total_requests == 18
    assert (figures.api_requests, figures.api_errors) == (8, 2)
    assert figures.api_error_rate == pytest.approx(0.25)
    assert figures.in_flight == 2
    assert figures.triton_calls == 2
    assert figures.triton_mean_ms == pytest.approx(5.0)
    by_route = {r.route: r for r in figures.routes}
    assert by_route[route].mean_latency_ms == pytest.approx(20.0)
    assert by_route["/healthz"].mean_latency_ms is None


def test_no_traffic_yet_means_no_rates() -> None:
    figures = parse("")
    assert figures.api_error_rate is None
    assert figures.triton_mean_ms is None
