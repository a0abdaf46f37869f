"""Request dependencies: the long-lived objects of `GatewayState`, and the request context.

Every dependency is an ``async def``, even those that never await: FastAPI runs a plain ``def``
dependency (a class too) in the thread pool, and that hop cost about a quarter of a
millisecond of CPU per dependency per request (seen in a py-spy profile of the benchmark).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from inferstack_gateway.api.locations import Location, declare_locations
from inferstack_gateway.catalog import Catalog, CatalogEntry, Resolved
from inferstack_gateway.errors import UnsupportedMediaType
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.predictions import capture_images, capture_tensors, capture_texts
from inferstack_gateway.services.deadline import Deadline
from inferstack_gateway.services.open_inference import OpenInferenceService
from inferstack_gateway.services.prediction_history import PredictionHistoryService
from inferstack_gateway.state import GatewayState
from inferstack_gateway.triton import InferenceBackend
from inferstack_schemas import Timings
from inferstack_schemas.v2 import InferenceRequest


def gateway_state(request: Request) -> GatewayState:
    """The app's state (set by its lifespan)."""
    state: GatewayState = request.app.state.gateway
    return state


async def _backend(request: Request) -> InferenceBackend:
    return gateway_state(request).backend


async def _catalog(request: Request) -> Catalog:
    return gateway_state(request).catalog


async def _metrics(request: Request) -> GatewayMetrics:
    return gateway_state(request).metrics


async def _open_inference(request: Request) -> OpenInferenceService:
    return gateway_state(request).open_inference


async def _prediction_history(request: Request) -> PredictionHistoryService:
    return gateway_state(request).prediction_history


class RequestContext:
    """The request id and start time the middleware assigned, and where to record the model,
    the inputs and the answer (for the access log, the metrics and the prediction log)."""

    def __init__(self, request: Request, state: GatewayState | None = None) -> None:
        self._request = request
        self.request_id: str = request.state.request_id
        self.started: float = getattr(request.state, "started", time.perf_counter())
        log = (state or gateway_state(request)).prediction_log
        self._logging = log.accepting
        self._raw_max_bytes = log.raw_max_bytes

    def record_entry(self, entry: CatalogEntry, version: str | None = None) -> None:
        """Label this request's log line and metrics with a model the catalog holds (and a
        version it resolved): call it once, after resolution. Labels never come from the
        request itself, so made-up names cannot add metric series."""
        self._request.state.model = entry.name
        if version is not None:
            self._request.state.version = version

    def record_target(self, target: Resolved) -> None:
        """`record_entry` for a resolved target: the model and the version that answers."""
        self.record_entry(target.entry, target.version)

    def record_timings(self, timings: Timings) -> None:
        """The answer's stages, for its `Server-Timing` header."""
        self._request.state.timings = timings

    def record_images(self, images: Sequence[bytes]) -> None:
        """The images, for the prediction log (sizes and SHA-256; hashed only when it is on)."""
        if self._logging:
            self._request.state.inputs = capture_images(images, self._raw_max_bytes)

    def record_texts(self, texts: Sequence[str], labels: Sequence[str] | None = None) -> None:
        """The texts (and candidate labels), for the prediction log."""
        if self._logging:
            self._request.state.inputs = capture_texts(texts, labels)

    def record_tensors(self, body: InferenceRequest) -> None:
        """An Open Inference Protocol request's tensors, for the prediction log."""
        if self._logging:
            self._request.state.inputs = capture_tensors(body, self._raw_max_bytes)

    def record_answer(self, answer: object) -> None:
        """The service's answer, summarised by the prediction log's writer."""
        if self._logging:
            self._request.state.answer = answer


async def _request_context(request: Request) -> RequestContext:
    return RequestContext(request)


_TIMEOUT_HEADER = Header(
    alias="X-Request-Timeout",
    gt=0,
    description="Seconds the caller waits for the answer (capped by the gateway's "
    "GATEWAY_REQUEST_TIMEOUT_S, which is also the default). Triton is given what is "
    "left; 504 once it has passed.",
)
RequestedTimeout = Annotated[float | None, _TIMEOUT_HEADER]


def _deadline_for(request: Request, state: GatewayState, requested_s: float | None) -> Deadline:
    limit = state.settings.request_timeout_s
    budget = limit if requested_s is None else min(requested_s, limit)
    return Deadline.after(budget, start=getattr(request.state, "started", None))


def _check_media_type(request: Request, accepted: Sequence[str]) -> None:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in accepted:
        raise UnsupportedMediaType(
            f"expected {' or '.join(accepted)}, got {media_type or 'no content type'}"
        )


@dataclass(frozen=True, slots=True)
class InferenceCall:
    """What an inference route needs, resolved by ONE dependency (each FastAPI dependency costs
    CPU on every request): the gateway's long-lived objects, the request context, and the
    deadline the caller set (`X-Request-Timeout`)."""

    gateway: GatewayState
    context: RequestContext
    deadline: Deadline


def inference_call(*media_types: str, **locations: Location) -> Any:
    """The `Depends` marker of an inference route's `InferenceCall` (use it in `Annotated`):
    answers 415 unless the body's media type is one of `media_types` (when given), and declares
    where the service's item lists sit in the body (as `item_locations` does)."""
    mapping = dict(locations)

    async def resolve(request: Request, requested_s: RequestedTimeout = None) -> InferenceCall:
        if media_types:
            _check_media_type(request, media_types)
        declare_locations(request, mapping)
        state = gateway_state(request)
        return InferenceCall(
            state, RequestContext(request, state), _deadline_for(request, state, requested_s)
        )

    return Depends(resolve)


BackendDep = Annotated[InferenceBackend, Depends(_backend)]
CatalogDep = Annotated[Catalog, Depends(_catalog)]
MetricsDep = Annotated[GatewayMetrics, Depends(_metrics)]
OpenInferenceDep = Annotated[OpenInferenceService, Depends(_open_inference)]
PredictionHistoryDep = Annotated[PredictionHistoryService, Depends(_prediction_history)]
ContextDep = Annotated[RequestContext, Depends(_request_context)]
