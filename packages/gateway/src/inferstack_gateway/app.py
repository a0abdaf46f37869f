"""`create_app(settings)`: the gateway wired together, with no module-level state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from inferstack_gateway import __version__
from inferstack_gateway.api.auth import require_api_key
from inferstack_gateway.api.problems import install_problem_handlers
from inferstack_gateway.api.routes import (
    embeddings,
    health,
    image_classification,
    metrics,
    models,
    text_classification,
    v2,
)
from inferstack_gateway.catalog import Catalog
from inferstack_gateway.image_classification import (
    ImageClassificationOptions,
    ImageClassificationService,
)
from inferstack_gateway.observability.logging import configure_logging
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.observability.middleware import RequestContextMiddleware
from inferstack_gateway.open_inference import OpenInferenceService
from inferstack_gateway.processors.registry import PROCESSORS
from inferstack_gateway.settings import GatewaySettings
from inferstack_gateway.text_embeddings import TextEmbeddingService, TextOptions
from inferstack_gateway.triton_client import TritonClient
from inferstack_schemas import PROBLEM_MEDIA_TYPE

API_TITLE = "inferstack gateway"
API_DESCRIPTION = (
    "The one door to the models: validation, pre- and post-processing, auth, logs and metrics "
    "in front of Triton Inference Server. Errors are RFC 9457 problem details."
)


def request_limits(settings: GatewaySettings) -> dict[str, dict[str, int]]:
    """What one request may hold, per task, as the catalog reports it to clients."""
    return {
        "image-classification": {
            "max_images_per_request": settings.max_images_per_request,
            "max_image_pixels": settings.max_image_pixels,
            "max_request_bytes": settings.max_request_bytes,
        },
        "embeddings": {
            "max_texts_per_request": settings.max_texts_per_request,
            "max_text_chars": settings.max_text_chars,
            "max_labels_per_request": settings.max_labels_per_request,
            "max_tokens_per_request": settings.max_tokens_per_request,
            "max_request_bytes": settings.max_request_bytes,
        },
    }


def operation_id(route: APIRoute) -> str:
    """Stable, readable operation ids: the endpoint function's name (classify_images, ...)."""
    return route.name


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    configure_logging(settings.log_level)
    metrics_registry = GatewayMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for processor in PROCESSORS.values():
            processor.load()  # assets read and checked, first-use costs paid, before serving
        triton = TritonClient(
            settings.triton_url,
            infer_timeout_s=settings.triton_timeout_s,
            control_timeout_s=settings.triton_connect_timeout_s,
        )
        catalog = Catalog(
            triton,
            PROCESSORS,
            settings.default_versions,
            settings.catalog_ttl_s,
            limits_by_task=request_limits(settings),
        )
        await catalog.prime()
        app.state.triton = triton
        app.state.catalog = catalog
        app.state.image_classification = ImageClassificationService(
            catalog,
            triton,
            metrics_registry,
            ImageClassificationOptions(
                limits=settings.image_limits,
                max_images=settings.max_images_per_request,
                offload_threshold_bytes=settings.offload_threshold_bytes,
            ),
        )
        app.state.text_embeddings = TextEmbeddingService(
            catalog,
            triton,
            metrics_registry,
            TextOptions(
                max_texts=settings.max_texts_per_request,
                max_chars=settings.max_text_chars,
                max_labels=settings.max_labels_per_request,
                max_tokens=settings.max_tokens_per_request,
                offload_threshold_chars=settings.text_offload_threshold_chars,
            ),
        )
        app.state.open_inference = OpenInferenceService(
            catalog, triton, metrics_registry, max_elements=settings.max_v2_elements
        )
        try:
            yield
        finally:
            await triton.close()

    app = FastAPI(
        title=API_TITLE,
        description=API_DESCRIPTION,
        version=__version__,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.metrics = metrics_registry
    app.state.api_keys = [key.get_secret_value() for key in settings.api_keys]
    install_problem_handlers(app)

    protected = [Depends(require_api_key)]
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(models.router, dependencies=protected)
    app.include_router(image_classification.router, dependencies=protected)
    app.include_router(embeddings.router, dependencies=protected)
    app.include_router(text_classification.router, dependencies=protected)
    app.include_router(v2.router, dependencies=protected)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    app.add_middleware(
        RequestContextMiddleware,
        metrics=metrics_registry,
        max_body_bytes=settings.max_request_bytes,
    )
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with every error body declared as problem+json, as served."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                if status[0] in "45" and "Readiness" not in str(response):
                    response["content"] = problem
                    if status == "422":
                        response["description"] = "Invalid request"
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    for component in components.values():
        _mark_binary_uploads(component)
    app.openapi_schema = schema
    return schema


def _mark_binary_uploads(schema: dict[str, Any]) -> None:
    """Add `format: binary` to file fields, which client generators read as 'a file'."""
    if schema.get("contentMediaType") == "application/octet-stream":
        schema.setdefault("format", "binary")
    children = [*schema.get("properties", {}).values()]
    if isinstance(schema.get("items"), dict):
        children.append(schema["items"])
    for child in children:
        _mark_binary_uploads(child)
