"""The prediction log over HTTP: list with filters and a cursor, one record, and statistics."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator

from inferstack_gateway.api.deps import PredictionHistoryDep
from inferstack_gateway.api.locations import item_locations
from inferstack_gateway.api.problems import problem_responses
from inferstack_gateway.services.prediction_history import Query as HistoryQuery
from inferstack_schemas import PredictionPage, PredictionRecord, PredictionStats

router = APIRouter(prefix="/v1/predictions", tags=["predictions"])
_QUERY_LOCATIONS = item_locations(
    cursor=("query", "cursor"), since=("query", "since"), until=("query", "until")
)


async def _single_values(request: Request) -> None:
    """Every filter takes one value: a parameter given twice is refused (422), where FastAPI
    would keep the last one and drop the others without a word."""
    counts = Counter(key for key, _ in request.query_params.multi_items())
    repeated = [key for key, count in counts.items() if count > 1]
    if repeated:
        raise RequestValidationError(
            [
                {"type": "repeated", "loc": ("query", key), "msg": "give this parameter once"}
                for key in repeated
            ]
        )


_SINGLE_VALUES = Depends(_single_values)
_NO_NUL = r"^[^\x00]+$"  # a NUL can match nothing stored, and PostgreSQL refuses it
Model = Annotated[
    str | None,
    Query(min_length=1, max_length=128, pattern=_NO_NUL, description="Only this model."),
]
Version = Annotated[
    str | None, Query(pattern=r"^[0-9]+$", max_length=32, description="Only this version.")
]
Route = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=256,
        pattern=_NO_NUL,
        description="Only this route template, e.g. /v1/image-classification.",
    ),
]


def _iso_8601(value: object) -> object:
    """A time must be written as one (pydantic would also read a bare number as Unix time,
    which the document does not promise)."""
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        raise ValueError("must be an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z")
    return value


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
Since = Annotated[
    datetime | None,
    Query(description="Records that arrived at or after this time (ISO 8601; UTC if no zone)."),
    BeforeValidator(_iso_8601),
]
Until = Annotated[
    datetime | None,
    Query(description="Records that arrived before this time."),
    BeforeValidator(_iso_8601),
]


@router.get(
    "",
    summary="Stored predictions, most recent first",
    description="Filter by model, version, status, route and arrival time; page with `cursor` "
    "(the previous page's `next_cursor`).",
    responses=problem_responses(401, 422, 503),
    dependencies=[_QUERY_LOCATIONS, _SINGLE_VALUES],
)
async def list_predictions(
    service: PredictionHistoryDep,
    model: Model = None,
    version: Version = None,
    status: Annotated[int | None, Query(ge=100, le=599, description="Only this status.")] = None,
    route: Route = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Records per page.")] = 100,
    cursor: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> PredictionPage:
    query = HistoryQuery(model, version, status, route, since, until)
    return await service.list(query, limit=limit, cursor=cursor)


@router.get(
    "/stats",
    summary="The prediction log summarised over a time window",
    description="Counts by model, version and status class; latency p50, p95 and p99; the "
    "top label of each item; client (4xx) and server (5xx) error shares; requests per time "
    "bucket. The window defaults to the last 24 hours.",
    responses=problem_responses(401, 422, 503),
    dependencies=[_QUERY_LOCATIONS, _SINGLE_VALUES],
)
async def prediction_stats(
    service: PredictionHistoryDep,
    model: Model = None,
    version: Version = None,
    route: Route = None,
    since: Since = None,
    until: Until = None,
    bucket_s: Annotated[
        int | None,
        Query(ge=1, le=31_536_000, description="Timeline bucket width (default: ~60 buckets)."),
    ] = None,
) -> PredictionStats:
    query = HistoryQuery(model, version, None, route, since, until)
    return await service.stats(query, bucket_s=bucket_s)


@router.get(
    "/{request_id}",
    summary="One stored prediction, by request id",
    responses=problem_responses(401, 404, 503),
)
async def get_prediction(
    service: PredictionHistoryDep,
    request_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,128}$")],
) -> PredictionRecord:
    return await service.get(request_id)
