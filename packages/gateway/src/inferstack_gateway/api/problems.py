"""Every error leaves the gateway as RFC 9457 problem details, rendered here and only here.

The body is a `Problem`; on routes of another protocol it also carries that protocol's error
member (`problem_model_for` decides by path, for the answer and for the OpenAPI document alike):
the Open Inference Protocol's `error` string under `/v2`, OpenAI's `error` object on the
OpenAI-shaped routes. An exception no handler knows becomes a 500 problem inside the middleware
stack (`ProblemBoundary`), so it carries the request id and CORS headers like any answer.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inferstack_gateway.api.locations import locate
from inferstack_gateway.api.problem_types import (
    INTERNAL_SLUG,
    PROBLEM_TYPES,
    VALIDATION_SLUG,
    type_uri,
)
from inferstack_gateway.errors import GatewayError
from inferstack_schemas import (
    ABOUT_BLANK,
    PROBLEM_MEDIA_TYPE,
    OpenAIError,
    OpenAIProblem,
    OpenInferenceProblem,
    Problem,
    ProblemItem,
)

_log = logging.getLogger("inferstack.gateway")

#: Path prefixes whose protocol has its own error member, and the problem that carries it.
_DIALECTS: tuple[tuple[str, type[Problem]], ...] = (
    ("/v2", OpenInferenceProblem),
    ("/v1/embeddings", OpenAIProblem),
)


def problem_model_for(path: str) -> type[Problem]:
    """The problem body of answers under `path` (an OpenAPI path template or a request path)."""
    for prefix, model in _DIALECTS:
        if path == prefix or path.startswith(prefix + "/"):
            return model
    return Problem


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem_response(
    request: Request,
    status: int,
    title: str,
    slug: str | None,
    detail: str,
    errors: Sequence[ProblemItem] = (),
    headers: dict[str, str] | None = None,
) -> ProblemResponse:
    """The one place a problem is built. `slug` None (or one not documented): `about:blank`."""
    documented = slug is not None and slug in PROBLEM_TYPES
    fields: dict[str, Any] = {
        "type": type_uri(slug) if documented and slug else ABOUT_BLANK,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": str(getattr(request.state, "request_id", "")),
        "errors": list(errors),
    }
    model = problem_model_for(request.url.path)
    if model is OpenInferenceProblem:
        fields["error"] = detail
    elif model is OpenAIProblem:
        fields["error"] = _openai_error(status, slug, detail, errors)
    problem = model(**fields)
    request.state.problem = problem  # for the prediction log
    return ProblemResponse(problem.model_dump(mode="json"), status_code=status, headers=headers)


async def send_problem(scope: Scope, send: Send, error: GatewayError) -> None:
    """Answer `error` as a problem straight from ASGI middleware (before any route runs, the
    body unread)."""
    response = problem_response(
        Request(scope), error.status, error.title, error.slug, error.detail, headers=error.headers
    )
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _openai_error(
    status: int, slug: str | None, detail: str, errors: Sequence[ProblemItem]
) -> OpenAIError:
    param = next((str(list(e.loc)[1]) for e in errors if len(e.loc) > 1), None)
    return OpenAIError(
        message=detail,
        type="server_error" if status >= 500 else "invalid_request_error",
        param=param,
        code=(slug or HTTPStatus(status).phrase.lower()).replace("-", "_").replace(" ", "_"),
    )


def request_loc(loc: Sequence[Any], body: Any) -> list[str | int]:
    """A validation error's `loc` as a path into the request: pydantic adds the names of union
    members and validators (`"str"`, `"list[str]"`, `"function-after[...]"`) to a body field's
    location; only the parts that exist in the body sent are kept."""
    parts = [part if isinstance(part, int) else str(part) for part in loc]
    if len(parts) < 2 or parts[0] != "body" or not isinstance(body, dict | list):
        return parts
    path: list[str | int] = ["body"]
    node: Any = body
    for part in parts[1:]:
        inside = _child(node, part)
        if inside is not _ABSENT:
            node = inside
        elif not (isinstance(node, dict) and part == parts[-1]):
            continue  # a union member's or validator's name: not in the body
        path.append(part)  # (or the name of a missing field, the last part)
    return path


_ABSENT = object()


def _child(node: Any, part: str | int) -> Any:
    """`node[part]` when the body has it, else `_ABSENT`."""
    if isinstance(node, dict) and isinstance(part, str):
        return node.get(part, _ABSENT)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _ABSENT


def validation_items(errors: Sequence[Any], body: Any) -> list[ProblemItem]:
    """The faults of a RequestValidationError; only `loc` and `msg` are read (never the input,
    which may be any bytes)."""
    items: list[ProblemItem] = []
    for error in errors:
        loc = request_loc(error.get("loc", ()), body)
        item = ProblemItem(loc=loc, msg=str(error.get("msg", "invalid")))
        if item not in items:  # two union members failing at one place say it once
            items.append(item)
    return items


async def _gateway_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, GatewayError)
    items = [ProblemItem(loc=locate(request, item), msg=item.msg) for item in exc.errors]
    return problem_response(
        request, exc.status, exc.title, exc.slug, exc.detail, items, exc.headers
    )


async def _validation_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    items = validation_items(exc.errors(), exc.body)
    summary = "; ".join(f"{'.'.join(map(str, i.loc))}: {i.msg}" for i in items[:5])
    title = PROBLEM_TYPES[VALIDATION_SLUG].title
    return problem_response(request, 422, title, VALIDATION_SLUG, summary or title, items)


async def _http_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    detail = str(exc.detail) if exc.detail else phrase
    return problem_response(
        request, exc.status_code, phrase, None, detail, headers=dict(exc.headers or {})
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Handlers for the errors FastAPI dispatches; add `ProblemBoundary` for the rest."""
    app.add_exception_handler(GatewayError, _gateway_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)


class ProblemBoundary:
    """The innermost middleware: any exception that escaped the routes and handlers becomes a
    logged 500 problem here, inside the other middleware (request id, CORS, metrics), rather
    than in Starlette's outermost error handler, which answers past them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            request = Request(scope)
            _log.exception(
                "unhandled error", extra={"request_id": getattr(request.state, "request_id", "")}
            )
            if started:
                raise  # too late for an answer of our own: the server closes the connection
            title = PROBLEM_TYPES[INTERNAL_SLUG].title
            detail = "the gateway failed; see its log for details"
            response = problem_response(request, 500, title, INTERNAL_SLUG, detail)
            await response(scope, receive, send)


def problem_responses(*statuses: int, path: str = "") -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` declaring problem+json bodies for these statuses (the body model
    of `path`'s dialect; the served document applies it to every error response anyway)."""
    model = problem_model_for(path)
    return {
        status: {
            "model": model,
            "description": HTTPStatus(status).phrase,
            "content": {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
        for status in statuses
    }
