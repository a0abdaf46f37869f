"""Prometheus metrics, in a registry owned by one app (tests build many apps per process).

With several worker processes (`GATEWAY_WORKERS`), the server sets PROMETHEUS_MULTIPROC_DIR
before the workers start: prometheus-client's multiprocess mode then keeps each worker's values
in files there, and `/metrics`, whichever worker answers it, adds them up across workers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

_LATENCY_BUCKETS = (
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
)  # fmt: skip


#: Methods that label a request as themselves; any other method is labelled "OTHER".
LABELLED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: The route label of a request no route matched.
UNMATCHED_ROUTE = "unmatched"


def request_labels(
    route: str | None, method: str, status: int, model: str, version: str
) -> tuple[str, str, str, str, str]:
    """The one place that decides a request's label values, each from a bounded set: the
    matched route's template (never the path), a known method, the status, and the model and
    version the catalog resolved (the route records them; empty when nothing was resolved)."""
    return (
        route or UNMATCHED_ROUTE,
        method if method in LABELLED_METHODS else "OTHER",
        str(status),
        model,
        version,
    )


class GatewayMetrics:
    """Request counts and latencies by route, model, version and status; Triton call latency."""

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get(MULTIPROCESS_ENV))
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
            multiprocess_mode="livesum",
        )
        self.shed = Counter(
            "inferstack_gateway_requests_shed",
            "Inference requests refused at once (503) because the worker had its limit in flight.",
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

        # Label children by their values, bound once: `labels()` costs microseconds on every
        # call. The label values come from bounded sets (`request_labels`), so these stay small.
        self._request_children: dict[tuple[str, ...], tuple[Any, Any]] = {}
        self._triton_children: dict[tuple[str, str, str], Any] = {}

    def observe_request(self, labels: tuple[str, str, str, str, str], seconds: float) -> None:
        """Count one answered request and its latency (`labels` from `request_labels`)."""
        children = self._request_children.get(labels)
        if children is None:
            children = (self.requests.labels(*labels), self.request_seconds.labels(*labels))
            self._request_children[labels] = children
        children[0].inc()
        children[1].observe(seconds)

    def render(self) -> bytes:
        """The exposition text: this process's metrics, or every worker's added up."""
        if not self.multiprocess:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        multiprocess.MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
        return generate_latest(merged)

    def close(self) -> None:
        """At a worker's exit: drop its live gauges from the shared files."""
        if self.multiprocess:
            multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]

    @contextmanager
    def triton_call(self, model: str, version: str) -> Iterator[None]:
        start = time.perf_counter()
        outcome = "error"
        try:
            yield
            outcome = "ok"
        finally:
            key = (model, version, outcome)
            child = self._triton_children.get(key)
            if child is None:
                child = self._triton_children[key] = self.triton_seconds.labels(*key)
            child.observe(time.perf_counter() - start)
