"""Prometheus metrics, in a registry owned by one app (tests build many apps per process)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_LATENCY_BUCKETS = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
)  # fmt: skip


class GatewayMetrics:
    """Request counts and latencies by route, model, version and status; Triton call latency."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ["route", "method", "status", "model", "version"]
        self.requests = Counter(
            "inferstack_gateway_requests",
            "HTTP requests answered.",
            labels,
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "inferstack_gateway_request_duration_seconds",
            "HTTP request latency, from first byte in to last byte out.",
            labels,
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "inferstack_gateway_requests_in_flight",
            "HTTP requests being handled now.",
            registry=self.registry,
        )
        self.triton_seconds = Histogram(
            "inferstack_gateway_triton_request_duration_seconds",
            "Latency of inference calls to Triton.",
            ["model", "version", "outcome"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )

        self.prediction_log_dropped = Counter(
            "inferstack_gateway_prediction_log_dropped",
            "Prediction log records dropped because its queue was full.",
            registry=self.registry,
        )
        self.prediction_log_written = Counter(
            "inferstack_gateway_prediction_log_written",
            "Prediction log records written to the database.",
            registry=self.registry,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)

    @contextmanager
    def triton_call(self, model: str, version: str) -> Iterator[None]:
        start = time.perf_counter()
        outcome = "error"
        try:
            yield
            outcome = "ok"
        finally:
            self.triton_seconds.labels(model, version, outcome).observe(time.perf_counter() - start)
