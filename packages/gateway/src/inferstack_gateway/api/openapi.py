"""The OpenAPI document as served: stable operation ids, problem+json error bodies (the dialect
of each path), binary upload fields marked for client generators, and security as this gateway
applies it (optional on an open gateway, required on a keyed one)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from inferstack_gateway.api.problems import problem_model_for
from inferstack_schemas import PROBLEM_MEDIA_TYPE
from inferstack_schemas.v2 import InferenceRequest, InferenceResponse

#: Bodies a route reads itself (no FastAPI parameter names them), declared in `openapi_extra`.
_EXTRA_COMPONENTS: tuple[type[BaseModel], ...] = (InferenceRequest, InferenceResponse)

_METHODS = {"get", "put", "post", "delete", "options", "patch", "trace"}


def operation_id(route: APIRoute) -> str:
    """Stable, readable operation ids: the endpoint function's name (classify_images, ...)."""
    return route.name


def install_openapi(app: FastAPI, *, keys_required: bool) -> None:
    """Serve `openapi_document(app)` (built once) as the app's document. `keys_required`: the
    gateway has API keys, so the operations that declare them require one."""
    app.openapi = lambda: openapi_document(app, keys_required=keys_required)  # type: ignore[method-assign]


def openapi_document(app: FastAPI, *, keys_required: bool) -> dict[str, Any]:
    """FastAPI's document, with every error body declared as problem+json, as served."""
    if app.openapi_schema:
        return app.openapi_schema
    # the order the routers were included in (app.py matches requests in another order)
    routes = getattr(app.state, "documented_routes", app.routes)
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=routes
    )
    for path, item in schema.get("paths", {}).items():
        item.pop("head", None)  # HEAD answers every GET route (api/head.py); not an operation
        problem = problem_model_for(path).__name__
        content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{problem}"}}}
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            if operation.get("security") and not keys_required:
                operation["security"].append({})  # an open gateway: a key is optional
            for status, response in operation.get("responses", {}).items():
                if status[0] in "45" and "Readiness" not in str(response):
                    response["content"] = content
                    if status == "422":
                        response["description"] = "Invalid request"
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    _add_components(components, _EXTRA_COMPONENTS)
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    for component in components.values():
        _mark_binary_uploads(component)
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            _form_fields_are_never_null(operation, components)
            _headers_are_never_null(operation)
    app.openapi_schema = schema
    return schema


def _add_components(components: dict[str, Any], models: tuple[type[BaseModel], ...]) -> None:
    """Component schemas for `models` (and the models they use), where not there already."""
    _, document = models_json_schema(
        [(model, "validation") for model in models],
        ref_template="#/components/schemas/{model}",
    )
    for name, definition in document.get("$defs", {}).items():
        components.setdefault(name, definition)
    ordered = dict(sorted(components.items()))  # FastAPI's order: by name
    components.clear()
    components.update(ordered)


def _form_fields_are_never_null(operation: dict[str, Any], components: dict[str, Any]) -> None:
    """A multipart field is sent or left out, never null: drop the `null` branch FastAPI gives
    an optional form field, which a client could not send."""
    content = operation.get("requestBody", {}).get("content", {})
    ref = content.get("multipart/form-data", {}).get("schema", {}).get("$ref", "")
    form = components.get(ref.rsplit("/", 1)[-1], {}) if ref else {}
    for field in form.get("properties", {}).values():
        branches = field.get("anyOf", [])
        if {"type": "null"} in branches and len(branches) == 2:
            (kept,) = (branch for branch in branches if branch != {"type": "null"})
            del field["anyOf"]
            field.update(kept)


def _headers_are_never_null(operation: dict[str, Any]) -> None:
    """A header is sent or left out, never null (`X-Request-Timeout: null` is no number): drop
    the `null` branch FastAPI gives an optional header parameter."""
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "header":
            continue
        schema = parameter.get("schema", {})
        branches = schema.get("anyOf", [])
        if {"type": "null"} in branches and len(branches) == 2:
            (kept,) = (branch for branch in branches if branch != {"type": "null"})
            del schema["anyOf"]
            schema.update(kept)


def _mark_binary_uploads(schema: dict[str, Any]) -> None:
    """Add `format: binary` to file fields, which client generators read as 'a file'."""
    if schema.get("contentMediaType") == "application/octet-stream":
        schema.setdefault("format", "binary")
    children = [*schema.get("properties", {}).values()]
    if isinstance(schema.get("items"), dict):
        children.append(schema["items"])
    for child in children:
        _mark_binary_uploads(child)
