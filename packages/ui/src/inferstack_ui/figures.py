"""A few live figures read from the gateway's Prometheus text (`GET /metrics`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from prometheus_client.parser import text_string_to_metric_families

REQUESTS = "inferstack_gateway_requests"
IN_FLIGHT = "inferstack_gateway_requests_in_flight"
REQUEST_SECONDS = "inferstack_gateway_request_duration_seconds"
TRITON_SECONDS = "inferstack_gateway_triton_request_duration_seconds"
#: Routes that carry API traffic, as opposed to probes and scrapes.
API_PREFIXES = ("/v1/", "/v2/")


@dataclass(frozen=True)
class RouteFigures:
    route: str
    requests: float
    errors: float
    mean_latency_ms: float | None


@dataclass(frozen=True)
class GatewayFigures:
    """What the gateway has counted since it started."""

    total_requests: float = 0.0
    api_requests: float = 0.0
    api_errors: float = 0.0
    in_flight: float = 0.0
    triton_calls: float = 0.0
    triton_mean_ms: float | None = None
    routes: tuple[RouteFigures, ...] = field(default_factory=tuple)

    @property
    def api_error_rate(self) -> float | None:
        """Share of API requests answered with a 4xx or 5xx status; None before any."""
        return self.api_errors / self.api_requests if self.api_requests else None


def parse(text: str) -> GatewayFigures:
    """The figures in `text`; raises ValueError when it is not Prometheus text."""
    requests: dict[str, float] = defaultdict(float)
    errors: dict[str, float] = defaultdict(float)
    latency_sum: dict[str, float] = defaultdict(float)
    latency_count: dict[str, float] = defaultdict(float)
    in_flight = 0.0
    triton_sum = triton_count = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            route = sample.labels.get("route", "")
            if family.name == REQUESTS and sample.name == f"{REQUESTS}_total":
                requests[route] += sample.value
                if sample.labels.get("status", "").startswith(("4", "5")):
                    errors[route] += sample.value
            elif family.name == IN_FLIGHT and sample.name == IN_FLIGHT:
                in_flight += sample.value
            elif family.name == REQUEST_SECONDS and sample.name == f"{REQUEST_SECONDS}_sum":
                latency_sum[route] += sample.value
            elif family.name == REQUEST_SECONDS and sample.name == f"{REQUEST_SECONDS}_count":
                latency_count[route] += sample.value
            elif family.name == TRITON_SECONDS and sample.name == f"{TRITON_SECONDS}_sum":
                triton_sum += sample.value
            elif family.name == TRITON_SECONDS and sample.name == f"{TRITON_SECONDS}_count":
                triton_count += sample.value
    routes = tuple(
        RouteFigures(
            route=route,
            requests=count,
            errors=errors[route],
            mean_latency_ms=(
                latency_sum[route] / latency_count[route] * 1000.0 if latency_count[route] else None
            ),
        )
        for route, count in sorted(requests.items())
    )
    api = [r for r in routes if r.route.startswith(API_PREFIXES)]
    return GatewayFigures(
        total_requests=sum(requests.values()),
        api_requests=sum(r.requests for r in api),
        api_errors=sum(r.errors for r in api),
        in_flight=in_flight,
        triton_calls=triton_count,
        triton_mean_ms=triton_sum / triton_count * 1000.0 if triton_count else None,
        routes=routes,
    )
