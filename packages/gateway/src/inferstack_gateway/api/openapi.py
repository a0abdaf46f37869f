"""The OpenAPI document as served: stable operation ids, problem+json error bodies, binary
upload fields marked for client generators."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from inferstack_schemas import PROBLEM_MEDIA_TYPE


def operation_id(route: APIRoute) -> str:
    """Stable, readable operation ids: the endpoint function's name (classify_images, ...)."""
    return route.name


def install_openapi(app: FastAPI) -> None:
    """Serve `openapi_document(app)` (built once) as the app's document."""
    app.openapi = lambda: openapi_document(app)  # type: ignore[method-assign]


def openapi_document(app: FastAPI) -> dict[str, Any]:
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
