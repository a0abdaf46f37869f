"""Every error leaves the gateway as RFC 9457 problem details, rendered here and only here."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from inferstack_gateway.api.locations import locate
from inferstack_gateway.errors import GatewayError
from inferstack_schemas import PROBLEM_MEDIA_TYPE, Problem, ProblemItem

PROBLEM_BASE_URI = "https://inferstack.dev/problems/"
_log = logging.getLogger("inferstack.gateway")


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem_response(
    request: Request,
    status: int,
    title: str,
    slug: str,
    detail: str,
    errors: list[ProblemItem] | None = None,
    headers: dict[str, str] | None = None,
) -> ProblemResponse:
    problem = Problem(
        type=PROBLEM_BASE_URI + slug,
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=str(getattr(request.state, "request_id", "")),
        errors=errors or [],
    )
    request.state.problem = problem  # for the prediction log
    return ProblemResponse(problem.model_dump(mode="json"), status_code=status, headers=headers)


def _validation_items(errors: Any) -> list[ProblemItem]:
    items = []
    for error in jsonable_encoder(errors):
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", [])]
        items.append(ProblemItem(loc=loc, msg=str(error.get("msg", "invalid"))))
    return items


async def _gateway_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, GatewayError)
    items = [ProblemItem(loc=locate(request, item), msg=item.msg) for item in exc.errors]
    return problem_response(
        request, exc.status, exc.title, exc.slug, exc.detail, items, exc.headers
    )


async def _validation_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    items = _validation_items(exc.errors())
    summary = "; ".join(f"{'.'.join(map(str, i.loc))}: {i.msg}" for i in items[:5])
    return problem_response(
        request, 422, "Invalid request", "validation-error", summary or "invalid request", items
    )


async def _http_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    slug = phrase.lower().replace(" ", "-")
    return problem_response(
        request, exc.status_code, phrase, slug, str(exc.detail), headers=dict(exc.headers or {})
    )


async def _unexpected(request: Request, exc: Exception) -> ProblemResponse:
    _log.exception(
        "unhandled error", extra={"request_id": getattr(request.state, "request_id", "")}
    )
    return problem_response(
        request, 500, "Internal error", "internal", "the gateway failed; see its log for details"
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(GatewayError, _gateway_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` declaring problem+json bodies for these statuses."""
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }
