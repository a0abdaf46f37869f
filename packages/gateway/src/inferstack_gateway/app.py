"""`create_app(settings, backend=...)`: the gateway wired together, with no module-level state.

The lifespan loads every processor, opens the inference backend (unless one is injected),
opens (and migrates) the prediction log, loads the model catalog and starts its background
refresh, then builds the one `GatewayState` that requests read. On shutdown (SIGTERM: after
uvicorn has answered every request in flight) the prediction log writes what it still holds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from types import ModuleType

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from inferstack_gateway import __version__
from inferstack_gateway.api.admission import AdmissionControl
from inferstack_gateway.api.auth import caller_id, require_api_key
from inferstack_gateway.api.cancellation import CancelOnDisconnect
from inferstack_gateway.api.head import HeadAsGet
from inferstack_gateway.api.openapi import install_openapi, operation_id
from inferstack_gateway.api.problems import ProblemBoundary, install_problem_handlers
from inferstack_gateway.api.routes import (
    embeddings,
    health,
    image_classification,
    metrics,
    models,
    open_inference,
    open_inference_server,
    predictions,
    problems,
    text_classification,
)
from inferstack_gateway.catalog import Catalog, CatalogLoader
from inferstack_gateway.observability.logging import configure_logging
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.observability.middleware import RequestContextMiddleware
from inferstack_gateway.predictions import LogOptions, PredictionLog
from inferstack_gateway.processors.base import Processor
from inferstack_gateway.processors.registry import default_processors
from inferstack_gateway.services.image_classification import (
    ImageClassificationOptions,
    ImageClassificationService,
)
from inferstack_gateway.services.open_inference import OpenInferenceService
from inferstack_gateway.services.prediction_history import PredictionHistoryService
from inferstack_gateway.services.text_embeddings import TextEmbeddingService, TextOptions
from inferstack_gateway.settings import GatewaySettings
from inferstack_gateway.state import GatewayState
from inferstack_gateway.triton import InferenceBackend
from inferstack_gateway.triton.grpc_backend import TritonGrpcBackend
from inferstack_schemas import Task

API_TITLE = "inferstack gateway"
API_DESCRIPTION = (
    "The one door to the models: validation, pre- and post-processing, auth, logs and metrics "
    "in front of Triton Inference Server. Errors are RFC 9457 problem details."
)
#: Answer headers a browser script may read: the request id, the binary tensor framing of /v2,
#: and when to retry.
CORS_EXPOSED_HEADERS = [
    "X-Request-ID",
    "Inference-Header-Content-Length",
    "Retry-After",
    "Server-Timing",
]
#: While Triton cannot be reached, the catalog is retried this often (seconds).
CATALOG_RETRY_S = 0.5
#: The routers whose POST operations are inferences, each stored in the prediction log.
INFERENCE_ROUTERS = (
    image_classification.router,
    embeddings.router,
    text_classification.router,
    open_inference.router,
)


def logged_routes(routers: tuple[APIRouter, ...] = INFERENCE_ROUTERS) -> frozenset[str]:
    """The route templates the prediction log records: every inference operation."""
    return frozenset(
        route.path_format
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and "POST" in (route.methods or ())
    )


def log_options(settings: GatewaySettings) -> LogOptions | None:
    """How the prediction log stores records; None when it is off."""
    if not settings.prediction_log:
        return None
    return LogOptions(
        url=settings.resolved_database_url,
        queue_size=settings.prediction_log_queue_size,
        batch_size=settings.prediction_log_batch_size,
        flush_s=settings.prediction_log_flush_ms / 1000,
        retention_days=settings.prediction_log_retention_days,
        purge_interval_s=settings.prediction_log_purge_interval_s,
        raw_max_bytes=settings.prediction_log_raw_input_max_bytes
        if settings.prediction_log_raw_inputs
        else None,
        shutdown_timeout_s=settings.prediction_log_shutdown_timeout_s,
    )


def request_limits(settings: GatewaySettings) -> dict[Task, dict[str, int]]:
    """What one request may hold, per task, as the catalog reports it to clients."""
    return {
        Task.IMAGE_CLASSIFICATION: {
            "max_images_per_request": settings.max_images_per_request,
            "max_image_pixels": settings.max_image_pixels,
            "max_request_bytes": settings.max_request_bytes,
        },
        Task.EMBEDDINGS: {
            "max_texts_per_request": settings.max_texts_per_request,
            "max_text_chars": settings.max_text_chars,
            "max_labels_per_request": settings.max_labels_per_request,
            "max_tokens_per_request": settings.max_tokens_per_request,
            "max_request_bytes": settings.max_request_bytes,
        },
    }


def create_app(
    settings: GatewaySettings | None = None,
    *,
    backend: InferenceBackend | None = None,
    processors: Mapping[str, Processor] | None = None,
    on_started: Callable[[], None] | None = None,
) -> FastAPI:
    """The gateway app. `backend`: the inference server to use (default: Triton over gRPC at
    `settings.triton_url`, opened and closed by the lifespan; an injected one is the caller's
    to close). `processors`: by processor name (default: `default_processors()`).
    `on_started`: called once start-up is done, just before the first request is served."""
    settings = settings or GatewaySettings()
    configure_logging(settings.log_level)
    metrics_registry = GatewayMetrics()
    processors = processors if processors is not None else default_processors()
    prediction_log = PredictionLog(log_options(settings), metrics_registry)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for processor in processors.values():
            processor.load()  # assets read and checked, first-use costs paid, before serving
        owned = backend is None
        server = backend or TritonGrpcBackend(
            settings.triton_url,
            infer_timeout_s=settings.request_timeout_s,
            control_timeout_s=settings.triton_connect_timeout_s,
            lb_policy=settings.triton_lb_policy,
        )
        app.state.gateway = _state(settings, metrics_registry, server, processors, prediction_log)
        await prediction_log.start()  # a database that is down is retried by the writer
        catalog = app.state.gateway.catalog
        await catalog.refresh()  # a gateway started before Triton starts anyway
        refresher = asyncio.create_task(catalog.run(), name="catalog-refresh")
        if on_started is not None:
            on_started()
        try:
            yield
        finally:
            refresher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await refresher
            await prediction_log.stop()  # every answered request is written first
            if owned:
                await server.close()
            metrics_registry.close()

    app = FastAPI(
        title=API_TITLE,
        description=API_DESCRIPTION,
        version=__version__,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    install_problem_handlers(app)

    protected = [Depends(require_api_key)]
    app.include_router(health.router)
    app.include_router(problems.router)
    app.include_router(metrics.router)
    app.include_router(models.router, dependencies=protected)
    app.include_router(image_classification.router, dependencies=protected)
    app.include_router(embeddings.router, dependencies=protected)
    app.include_router(text_classification.router, dependencies=protected)
    app.include_router(open_inference_server.health_router)
    app.include_router(open_inference_server.router, dependencies=protected)
    app.include_router(open_inference.router, dependencies=protected)
    app.include_router(predictions.router, dependencies=protected)
    _match_inference_first(app, (open_inference, image_classification, embeddings))

    # Innermost first: an unhandled error becomes a problem inside CORS and the request context;
    # every answer, a refusal included, gets the request id and the CORS headers.
    app.add_middleware(ProblemBoundary)
    app.add_middleware(HeadAsGet)
    app.add_middleware(CancelOnDisconnect)
    app.add_middleware(
        AdmissionControl, limit=settings.max_inflight_requests, metrics=metrics_registry
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=settings.cors_allow_headers,
            expose_headers=CORS_EXPOSED_HEADERS,
        )
    app.add_middleware(
        RequestContextMiddleware,
        metrics=metrics_registry,
        max_body_bytes=settings.max_request_bytes,
        prediction_log=prediction_log,
        logged_routes=logged_routes(),
    )
    install_openapi(app, keys_required=bool(settings.api_keys))
    return app


def _state(
    settings: GatewaySettings,
    metrics: GatewayMetrics,
    backend: InferenceBackend,
    processors: Mapping[str, Processor],
    prediction_log: PredictionLog,
) -> GatewayState:
    loader = CatalogLoader(
        backend,
        processors,
        default_versions=settings.default_versions,
        limits_by_task=request_limits(settings),
    )
    catalog = Catalog(loader.load, refresh_s=settings.catalog_refresh_s, retry_s=CATALOG_RETRY_S)
    image_options = ImageClassificationOptions(
        limits=settings.image_limits,
        max_images=settings.max_images_per_request,
        offload_threshold_bytes=settings.offload_threshold_bytes,
    )
    text_options = TextOptions(
        max_texts=settings.max_texts_per_request,
        max_chars=settings.max_text_chars,
        max_labels=settings.max_labels_per_request,
        max_tokens=settings.max_tokens_per_request,
        offload_threshold_chars=settings.text_offload_threshold_chars,
    )
    keys = tuple(key.get_secret_value() for key in settings.api_keys)
    return GatewayState(
        settings=settings,
        api_keys=keys,
        callers=tuple(caller_id(key) for key in keys),
        metrics=metrics,
        backend=backend,
        catalog=catalog,
        image_classification=ImageClassificationService(catalog, backend, metrics, image_options),
        text_embeddings=TextEmbeddingService(catalog, backend, metrics, text_options),
        open_inference=OpenInferenceService(
            catalog, backend, metrics, max_elements=settings.max_v2_elements
        ),
        prediction_log=prediction_log,
        prediction_history=PredictionHistoryService(prediction_log),
    )


def _match_inference_first(app: FastAPI, modules: Sequence[ModuleType]) -> None:
    """Requests are matched against the app's routes in order, and each router passed over
    costs a few microseconds: move the inference routers to the front. The OpenAPI document
    keeps the order in which the routers were included (`api/openapi.py`)."""
    app.state.documented_routes = list(app.router.routes)
    hot = {id(module.router) for module in modules}
    app.router.routes.sort(key=lambda route: id(getattr(route, "original_router", None)) not in hot)
