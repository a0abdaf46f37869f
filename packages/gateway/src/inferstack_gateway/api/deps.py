"""Request dependencies: the long-lived objects the lifespan created, and request context.

Every dependency is an ``async def``, even those that never await: FastAPI runs a plain ``def``
dependency (a class too) in the thread pool, and that hop cost about a quarter of a
millisecond of CPU per dependency per request (seen in a py-spy profile of the benchmark).
"""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import Depends, Request, params

from inferstack_gateway.catalog import Catalog
from inferstack_gateway.errors import UnsupportedMediaType
from inferstack_gateway.image_classification import ImageClassificationService
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.open_inference import OpenInferenceService
from inferstack_gateway.text_embeddings import TextEmbeddingService
from inferstack_gateway.triton_client import TritonClient


async def _triton(request: Request) -> TritonClient:
    triton: TritonClient = request.app.state.triton
    return triton


async def _catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


async def _metrics(request: Request) -> GatewayMetrics:
    metrics: GatewayMetrics = request.app.state.metrics
    return metrics


async def _image_classification(request: Request) -> ImageClassificationService:
    service: ImageClassificationService = request.app.state.image_classification
    return service


async def _text_embeddings(request: Request) -> TextEmbeddingService:
    service: TextEmbeddingService = request.app.state.text_embeddings
    return service


async def _open_inference(request: Request) -> OpenInferenceService:
    service: OpenInferenceService = request.app.state.open_inference
    return service


class RequestContext:
    """The request id and start time the middleware assigned, and where to record the model."""

    def __init__(self, request: Request) -> None:
        self._request = request
        self.request_id: str = request.state.request_id
        self.started: float = getattr(request.state, "started", time.perf_counter())

    def record_model(self, model: str, version: str | None = None) -> None:
        """Label this request's log line and metrics with the model (and version)."""
        self._request.state.model = model
        if version is not None:
            self._request.state.version = version


async def _request_context(request: Request) -> RequestContext:
    return RequestContext(request)


def require_media_type(*accepted: str) -> params.Depends:
    """A dependency that answers 415 unless the body's media type is one of `accepted`."""

    async def check(request: Request) -> None:
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if media_type not in accepted:
            raise UnsupportedMediaType(
                f"expected {' or '.join(accepted)}, got {media_type or 'no content type'}"
            )

    dependency: params.Depends = Depends(check)
    return dependency


TritonDep = Annotated[TritonClient, Depends(_triton)]
CatalogDep = Annotated[Catalog, Depends(_catalog)]
MetricsDep = Annotated[GatewayMetrics, Depends(_metrics)]
ImageClassificationDep = Annotated[ImageClassificationService, Depends(_image_classification)]
TextEmbeddingDep = Annotated[TextEmbeddingService, Depends(_text_embeddings)]
OpenInferenceDep = Annotated[OpenInferenceService, Depends(_open_inference)]
ContextDep = Annotated[RequestContext, Depends(_request_context)]
