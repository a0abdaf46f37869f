"""Reading the prediction log: filtered pages, most recent first, with keyset (cursor)
pagination on the row id, and one record by request id."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from inferstack_gateway.predictions.tables import predictions
from inferstack_schemas import PredictionPage, PredictionRecord

_CURSOR_PREFIX = "before:"
_COLUMNS = [
    predictions.c.id,
    predictions.c.request_id,
    predictions.c.time_ms,
    predictions.c.route,
    predictions.c.model,
    predictions.c.version,
    predictions.c.status,
    predictions.c.latency_ms,
    predictions.c.timings,
    predictions.c.caller,
    predictions.c.inputs,
    predictions.c.outputs,
    predictions.c.problem,
    predictions.c.raw_inputs,
]


class BadCursor(ValueError):
    """A cursor this log did not hand out."""


@dataclass(frozen=True)
class Filters:
    """Which records: every field that is set must match; times are Unix ms, `until` excluded."""

    model: str | None = None
    version: str | None = None
    status: int | None = None
    route: str | None = None
    since_ms: int | None = None
    until_ms: int | None = None

    def clauses(self) -> list[ColumnElement[bool]]:
        c = predictions.c
        found: list[ColumnElement[bool]] = []
        if self.model is not None:
            found.append(c.model == self.model)
        if self.version is not None:
            found.append(c.version == self.version)
        if self.status is not None:
            found.append(c.status == self.status)
        if self.route is not None:
            found.append(c.route == self.route)
        if self.since_ms is not None:
            found.append(c.time_ms >= self.since_ms)
        if self.until_ms is not None:
            found.append(c.time_ms < self.until_ms)
        return found


def encode_cursor(row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{row_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The row id a cursor points before. Raises BadCursor."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("not a cursor this gateway handed out") from None
    number = text.removeprefix(_CURSOR_PREFIX)
    if not text.startswith(_CURSOR_PREFIX) or not number.isdigit() or len(number) > 18:
        raise BadCursor("not a cursor this gateway handed out")
    return int(number)


async def list_records(
    engine: AsyncEngine, filters: Filters, *, limit: int, cursor: str | None
) -> PredictionPage:
    """Up to `limit` records, most recent first, after `cursor`. Raises BadCursor."""
    query: Select[Any] = select(*_COLUMNS).where(*filters.clauses())
    if cursor is not None:
        query = query.where(predictions.c.id < decode_cursor(cursor))
    query = query.order_by(predictions.c.id.desc()).limit(limit + 1)
    async with engine.connect() as connection:
        rows = (await connection.execute(query)).mappings().all()
    items = [to_record(row) for row in rows[:limit]]
    more = len(rows) > limit
    return PredictionPage(
        items=items, next_cursor=encode_cursor(rows[limit - 1]["id"]) if more else None
    )


async def get_record(engine: AsyncEngine, request_id: str) -> PredictionRecord | None:
    """The latest record with this request id (callers may reuse an id), or None."""
    query = (
        select(*_COLUMNS)
        .where(predictions.c.request_id == request_id)
        .order_by(predictions.c.id.desc())
        .limit(1)
    )
    async with engine.connect() as connection:
        row = (await connection.execute(query)).mappings().first()
    return None if row is None else to_record(row)


def to_record(row: Mapping[Any, Any]) -> PredictionRecord:
    return PredictionRecord(
        request_id=row["request_id"],
        time=datetime.fromtimestamp(row["time_ms"] / 1000, UTC),
        route=row["route"],
        model=row["model"],
        version=row["version"],
        status=row["status"],
        latency_ms=row["latency_ms"],
        timings=row["timings"] or {},
        caller=row["caller"],
        inputs=row["inputs"],
        outputs=row["outputs"],
        problem=row["problem"],
        raw_inputs=row["raw_inputs"],
    )
