"""The prediction log, read: pages of records, one record, and the summary over a window.
Times are checked and turned into the log's Unix milliseconds here; the queries are the
`predictions` package's."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from inferstack_gateway.errors import InvalidInput, ItemError, NotFound, PredictionLogUnavailable
from inferstack_gateway.predictions import PredictionLog
from inferstack_gateway.predictions.repository import (
    BadCursor,
    Filters,
    get_record,
    list_records,
)
from inferstack_gateway.predictions.stats import compute_stats
from inferstack_schemas import PredictionPage, PredictionRecord, PredictionStats

T = TypeVar("T")
#: The stats window when none is given: the last day.
DEFAULT_WINDOW_S = 86_400
#: Times the log can hold: from the Unix epoch to the end of year 9999 (UTC).
_LAST_MS = 253_402_300_799_000


@dataclass(frozen=True)
class Query:
    """What the caller asked for: every field that is set must match."""

    model: str | None = None
    version: str | None = None
    status: int | None = None
    route: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def to_ms(moment: datetime) -> int:
    """Unix milliseconds; a time without a zone is UTC; clamped to what the log can hold."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        ms = int(moment.timestamp() * 1000)
    except (OverflowError, OSError, ValueError):
        ms = 0 if moment.year < 1970 else _LAST_MS
    return min(max(ms, 0), _LAST_MS)


class PredictionHistoryService:
    """Reads the log that `log` writes; 503 while it is off or its database cannot be read."""

    def __init__(self, log: PredictionLog) -> None:
        self._log = log

    async def list(self, query: Query, *, limit: int, cursor: str | None) -> PredictionPage:
        """Raises InvalidInput (422: a bad cursor or window) and PredictionLogUnavailable."""
        filters = self._filters(query)
        engine = self._engine()
        try:
            return await self._read(list_records(engine, filters, limit=limit, cursor=cursor))
        except BadCursor as exc:
            item = ItemError("cursor", None, str(exc))
            raise InvalidInput(f"cursor: {exc}", errors=[item]) from None

    async def get(self, request_id: str) -> PredictionRecord:
        """Raises NotFound (404) and PredictionLogUnavailable."""
        record = await self._read(get_record(self._engine(), request_id))
        if record is None:
            raise NotFound(f"no prediction with request id {request_id!r} in the log")
        return record

    async def stats(self, query: Query, *, bucket_s: int | None) -> PredictionStats:
        """Over [since, until) (default: the last day up to now). Raises InvalidInput (422) and
        PredictionLogUnavailable."""
        filters = self._filters(query)
        until_ms = filters.until_ms if filters.until_ms is not None else int(time.time() * 1000)
        since_ms = (
            filters.since_ms
            if filters.since_ms is not None
            else max(0, until_ms - DEFAULT_WINDOW_S * 1000)
        )
        engine = self._engine()
        return await self._read(compute_stats(engine, filters, since_ms, until_ms, bucket_s))

    def _filters(self, query: Query) -> Filters:
        since_ms = None if query.since is None else to_ms(query.since)
        until_ms = None if query.until is None else to_ms(query.until)
        if since_ms is not None and until_ms is not None and since_ms >= until_ms:
            raise InvalidInput(
                "since must be before until",
                errors=[ItemError("since", None, "is not before until")],
            )
        return Filters(query.model, query.version, query.status, query.route, since_ms, until_ms)

    def _engine(self) -> AsyncEngine:
        engine = self._log.engine
        if engine is None:
            raise PredictionLogUnavailable(
                "the prediction log is off (GATEWAY_PREDICTION_LOG=false)"
                if not self._log.enabled
                else "the prediction log is not open yet"
            )
        return engine

    async def _read(self, reading: Awaitable[T]) -> T:
        try:
            return await reading
        except (SQLAlchemyError, OSError) as exc:
            raise PredictionLogUnavailable(
                f"the prediction log cannot be read now: {type(exc).__name__}"
            ) from None
