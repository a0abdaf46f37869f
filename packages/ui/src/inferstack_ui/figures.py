"""Live figures read from the gateway's Prometheus text (`GET /metrics`).

Requests are counted by route, status, model and version; latencies are histograms with the same
labels (the gateway's request latency) and by model and version (its calls to Triton). Client
errors (4xx: a request the gateway refused) and server errors (5xx: the stack failed) are kept
apart: a healthy gateway sees many of the first and none of the second. Percentiles come from
the histogram buckets the way Prometheus's `histogram_quantile` computes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from prometheus_client.parser import text_string_to_metric_families

REQUESTS = "inferstack_gateway_requests"
IN_FLIGHT = "inferstack_gateway_requests_in_flight"
REQUEST_SECONDS = "inferstack_gateway_request_duration_seconds"
TRITON_SECONDS = "inferstack_gateway_triton_request_duration_seconds"
#: Routes that carry API traffic, as opposed to probes and scrapes.
API_PREFIXES = ("/v1/", "/v2/")
QUANTILES = (0.5, 0.95, 0.99)


@dataclass(frozen=True)
class Histogram:
    """Cumulative bucket counts by upper bound (seconds), the last bound +Inf."""

    buckets: tuple[tuple[float, float], ...] = ()
    total_s: float = 0.0

    @property
    def count(self) -> float:
        return self.buckets[-1][1] if self.buckets else 0.0

    @property
    def mean_ms(self) -> float | None:
        return self.total_s / self.count * 1000.0 if self.count else None

    def quantile_ms(self, q: float) -> float | None:
        """The q-quantile in milliseconds, interpolated within its bucket; None without data.

        A quantile that falls in the +Inf bucket is the largest finite bound.
        """
        if not self.count:
            return None
        rank = q * self.count
        lower, below = 0.0, 0.0
        for bound, cumulative in self.buckets:
            if cumulative >= rank:
                if bound == float("inf"):
                    return lower * 1000.0
                inside = cumulative - below
                share = (rank - below) / inside if inside else 1.0
                return (lower + (bound - lower) * share) * 1000.0
            lower, below = bound, cumulative
        return lower * 1000.0

    def minus(self, earlier: Histogram) -> Histogram:
        """What was observed since `earlier` (same buckets; a reset gives this one as is)."""
        before = dict(earlier.buckets)
        delta = tuple((bound, count - before.get(bound, 0.0)) for bound, count in self.buckets)
        if any(count < 0 for _, count in delta):
            return self
        return Histogram(delta, self.total_s - earlier.total_s)


def merge(histograms: Iterable[Histogram]) -> Histogram:
    counts: dict[float, float] = defaultdict(float)
    total = 0.0
    for histogram in histograms:
        total += histogram.total_s
        for bound, count in histogram.buckets:
            counts[bound] += count
    return Histogram(tuple(sorted(counts.items())), total)


@dataclass(frozen=True)
class Traffic:
    """Requests of one route, or of one model version, with their latency."""

    key: str
    requests: float = 0.0
    client_errors: float = 0.0
    server_errors: float = 0.0
    latency: Histogram = field(default_factory=Histogram)
    triton: Histogram = field(default_factory=Histogram)

    @property
    def errors(self) -> float:
        return self.client_errors + self.server_errors


@dataclass(frozen=True)
class GatewayFigures:
    """What the gateway has counted since it started."""

    total_requests: float = 0.0
    in_flight: float = 0.0
    routes: tuple[Traffic, ...] = ()
    #: Keyed "model/version" (requests that named no known model are not here).
    models: tuple[Traffic, ...] = ()
    triton: Histogram = field(default_factory=Histogram)

    @property
    def api(self) -> Traffic:
        """The /v1 and /v2 routes together."""
        api = [r for r in self.routes if r.key.startswith(API_PREFIXES)]
        return Traffic(
            "API",
            sum(r.requests for r in api),
            sum(r.client_errors for r in api),
            sum(r.server_errors for r in api),
            merge(r.latency for r in api),
        )

    @property
    def client_error_rate(self) -> float | None:
        """Share of API requests answered 4xx; None before any."""
        api = self.api
        return api.client_errors / api.requests if api.requests else None

    @property
    def server_error_rate(self) -> float | None:
        """Share of API requests answered 5xx; None before any."""
        api = self.api
        return api.server_errors / api.requests if api.requests else None

    @property
    def triton_calls(self) -> float:
        return self.triton.count

    @property
    def triton_mean_ms(self) -> float | None:
        return self.triton.mean_ms


@dataclass
class _Builder:
    requests: float = 0.0
    client_errors: float = 0.0
    server_errors: float = 0.0
    buckets: dict[float, float] = field(default_factory=lambda: defaultdict(float))
    total_s: float = 0.0
    triton_buckets: dict[float, float] = field(default_factory=lambda: defaultdict(float))
    triton_s: float = 0.0

    def count(self, status: str, value: float) -> None:
        self.requests += value
        if status.startswith("4"):
            self.client_errors += value
        elif status.startswith("5"):
            self.server_errors += value

    def build(self, key: str) -> Traffic:
        return Traffic(
            key,
            self.requests,
            self.client_errors,
            self.server_errors,
            Histogram(tuple(sorted(self.buckets.items())), self.total_s),
            Histogram(tuple(sorted(self.triton_buckets.items())), self.triton_s),
        )


def parse(text: str) -> GatewayFigures:
    """The figures in `text`; raises ValueError when it is not Prometheus text."""
    routes: dict[str, _Builder] = defaultdict(_Builder)
    models: dict[str, _Builder] = defaultdict(_Builder)
    triton = _Builder()
    in_flight = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = sample.labels
            route = labels.get("route", "")
            model_key = _model_key(labels)
            if family.name == REQUESTS and sample.name == f"{REQUESTS}_total":
                status = labels.get("status", "")
                routes[route].count(status, sample.value)
                if model_key:
                    models[model_key].count(status, sample.value)
            elif family.name == IN_FLIGHT and sample.name == IN_FLIGHT:
                in_flight += sample.value
            elif family.name == REQUEST_SECONDS:
                _histogram_sample(routes[route], sample.name, REQUEST_SECONDS, labels, sample.value)
                if model_key:
                    _histogram_sample(
                        models[model_key], sample.name, REQUEST_SECONDS, labels, sample.value
                    )
            elif family.name == TRITON_SECONDS:
                _triton_sample(triton, sample.name, labels, sample.value)
                if model_key:
                    _triton_sample(models[model_key], sample.name, labels, sample.value)
    return GatewayFigures(
        total_requests=sum(r.requests for r in routes.values()),
        in_flight=in_flight,
        routes=tuple(routes[key].build(key) for key in sorted(routes) if routes[key].requests),
        models=tuple(models[key].build(key) for key in sorted(models)),
        triton=Histogram(tuple(sorted(triton.triton_buckets.items())), triton.triton_s),
    )


def _model_key(labels: Mapping[str, str]) -> str:
    model, version = labels.get("model", ""), labels.get("version", "")
    return f"{model}/{version}" if model and version else ""


def _histogram_sample(
    into: _Builder, name: str, family: str, labels: Mapping[str, str], value: float
) -> None:
    if name == f"{family}_bucket":
        into.buckets[float(labels["le"])] += value
    elif name == f"{family}_sum":
        into.total_s += value


def _triton_sample(into: _Builder, name: str, labels: Mapping[str, str], value: float) -> None:
    if name == f"{TRITON_SECONDS}_bucket":
        into.triton_buckets[float(labels["le"])] += value
    elif name == f"{TRITON_SECONDS}_sum":
        into.triton_s += value


Row = dict[str, str | int]
LATENCY = "p50 / p95 / p99 (ms)"
TRITON = "Triton p50 / p95 (ms)"


def traffic_rows(traffic: Iterable[Traffic], what: str) -> list[Row]:
    """One row per route or model version, narrow enough for a phone: requests, client and
    server errors (4xx / 5xx) apart, and the latency percentiles in ms, each group in one cell.
    """
    rows: list[Row] = []
    for item in traffic:
        row: Row = {
            what: item.key,
            "requests": int(item.requests),
            "4xx / 5xx": f"{item.client_errors:.0f} / {item.server_errors:.0f}",
            LATENCY: " / ".join(_ms(item.latency.quantile_ms(q)) for q in QUANTILES),
        }
        if item.triton.count:
            row[TRITON] = " / ".join(_ms(item.triton.quantile_ms(q)) for q in QUANTILES[:2])
        rows.append(row)
    return rows


def _ms(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"
