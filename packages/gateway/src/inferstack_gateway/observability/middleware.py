"""Pure ASGI middleware: request id, body size limit, in-flight gauge, access log, metrics, and
the prediction log's record of each inference request."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Collection
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inferstack_gateway.observability.logging import ACCESS_LOGGER
from inferstack_gateway.observability.metrics import GatewayMetrics, request_labels
from inferstack_gateway.predictions import PendingRecord, PredictionLog

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
_log = logging.getLogger(ACCESS_LOGGER)


def request_id_from(scope: Scope) -> str:
    """The caller's X-Request-ID when it is sane, else a fresh one."""
    for key, value in scope.get("headers", []):
        if key == b"x-request-id":
            candidate = bytes(value).decode("latin-1")
            if _REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


def server_timing(state: dict[str, Any], elapsed_s: float) -> str:
    """The `Server-Timing` header (W3C Server Timing): the stages a route recorded in
    `state["timings"]` (pre-processing, Triton, post-processing, in ms), and the gateway's time
    until the answer's headers."""
    parts = []
    timings = state.get("timings")
    if timings is not None:
        parts = [
            f'pre;desc="pre-processing";dur={timings.preprocess_ms:.3f}',
            f'triton;desc="Triton";dur={timings.inference_ms:.3f}',
            f'post;desc="post-processing";dur={timings.postprocess_ms:.3f}',
        ]
    parts.append(f'total;desc="gateway";dur={elapsed_s * 1000:.3f}')
    return ", ".join(parts)


class RequestContextMiddleware:
    """Wraps every HTTP request; the route records model and version in `request.state`."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: GatewayMetrics,
        max_body_bytes: int,
        prediction_log: PredictionLog | None = None,
        logged_routes: Collection[str] = (),
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body_bytes = max_body_bytes
        self.prediction_log = prediction_log
        self.logged_routes = frozenset(logged_routes)  # route templates of inference requests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        arrived = time.time()
        state: dict[str, Any] = scope.setdefault("state", {})
        request_id = request_id_from(scope)
        state["request_id"] = request_id
        state["started"] = start
        state["method"] = scope["method"]  # as the client sent it (HEAD is served as a GET)
        status = 500
        received = 0
        limit = self.max_body_bytes

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # FastAPI re-raises HTTPException from body reading; anything else becomes 400.
                    raise HTTPException(413, f"request body exceeds the limit of {limit} bytes")
            return message

        recorded = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, recorded
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = MutableHeaders(scope=message)
                headers.append("X-Request-ID", request_id)
                headers.append("Server-Timing", server_timing(state, time.perf_counter() - start))
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                # Counted before the last byte leaves, so a client that has its answer already
                # finds it in /metrics.
                recorded = True
                self._record(scope, state, status, time.perf_counter() - start, arrived)
            await send(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, limited_receive, send_with_id)
        finally:
            self.metrics.in_flight.dec()
            if not recorded:  # no answer: an error, or a caller who left (api/cancellation.py)
                self._record(
                    scope, state, state.get("status", status), time.perf_counter() - start, arrived
                )

    def _record(
        self, scope: Scope, state: dict[str, Any], status: int, seconds: float, arrived: float
    ) -> None:
        route = scope.get("route")
        model = str(state.get("model", ""))
        version = str(state.get("version", ""))
        method = state["method"]
        labels = request_labels(getattr(route, "path_format", None), method, status, model, version)
        template = labels[0]
        self.metrics.observe_request(labels, seconds)
        log = self.prediction_log
        if log is not None and template in self.logged_routes and log.accepting:
            log.submit(
                PendingRecord(
                    state["request_id"],
                    int(arrived * 1000),
                    template,
                    model or None,
                    version or None,
                    status,
                    seconds * 1000,
                    state.get("caller"),
                    state.get("inputs"),
                    state.get("answer"),
                    state.get("problem"),
                )
            )
        _log.info(
            "request",
            extra={
                "request_id": state["request_id"],
                "method": method,
                "path": scope["path"],
                "route": template,
                "status": status,
                "latency_ms": round(seconds * 1000, 3),
                "model": model or None,
                "version": version or None,
            },
        )
