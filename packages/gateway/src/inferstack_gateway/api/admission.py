"""Admission control: a bound on the inference requests one worker handles at once.

Past `limit`, an inference request (any POST) is answered at once, before its body is read, with
a 503 problem and `Retry-After`: a caller can tell "busy, retry" from an answer, where unbounded
queueing would give every caller seconds of latency. Health, readiness, metrics and the catalog
(GETs) are never refused. uvicorn discards the unread body and keeps the connection.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from inferstack_gateway.api.problems import send_problem
from inferstack_gateway.errors import Overloaded
from inferstack_gateway.observability.metrics import GatewayMetrics


class AdmissionControl:
    """Pure ASGI middleware; one instance per worker process."""

    def __init__(
        self, app: ASGIApp, *, limit: int, metrics: GatewayMetrics, retry_after_s: int = 1
    ) -> None:
        self.app = app
        self.limit = limit
        self.metrics = metrics
        self.retry_after_s = retry_after_s
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            self.metrics.shed.inc()
            refusal = Overloaded(
                f"the gateway is handling its limit of {self.limit} inference requests; retry "
                f"in {self.retry_after_s} s",
                retry_after_s=self.retry_after_s,
            )
            await send_problem(scope, send, refusal)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
