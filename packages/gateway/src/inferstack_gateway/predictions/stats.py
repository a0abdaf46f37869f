"""The prediction log summarised over a time window, in a handful of queries that both SQLite
and PostgreSQL run: counts by model, version and status class; latency percentiles (nearest
rank, by window functions); the top label of each item; requests per time bucket."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from inferstack_gateway.predictions.repository import Filters
from inferstack_gateway.predictions.tables import predictions
from inferstack_schemas import (
    ErrorShare,
    LabelCount,
    LatencyPercentiles,
    PredictionCount,
    PredictionStats,
    StatusClass,
    TimelinePoint,
)

PERCENTILES = (50, 95, 99)
#: A timeline has at most this many buckets; a finer `bucket_s` is widened to fit.
MAX_BUCKETS = 1000
_CLASSES: dict[int, StatusClass] = {1: "2xx", 2: "2xx", 3: "3xx", 4: "4xx", 5: "5xx"}


def bucket_width_s(since_ms: int, until_ms: int, wanted_s: int | None) -> int:
    """The timeline's bucket width: `wanted_s`, or about 60 buckets, never over MAX_BUCKETS."""
    window_s = max(1, math.ceil((until_ms - since_ms) / 1000))
    width = wanted_s or max(1, math.ceil(window_s / 60))
    return max(width, math.ceil(window_s / MAX_BUCKETS))


async def compute_stats(
    engine: AsyncEngine, filters: Filters, since_ms: int, until_ms: int, bucket_s: int | None
) -> PredictionStats:
    """Everything the stats endpoint answers, for records in [since_ms, until_ms)."""
    window = replace(filters, since_ms=since_ms, until_ms=until_ms)
    clauses = window.clauses()
    width = bucket_width_s(since_ms, until_ms, bucket_s)
    async with engine.connect() as connection:
        counts = await _counts(connection, clauses)
        latency = await _latency(connection, clauses)
        labels = await _labels(connection, clauses, engine.dialect.name)
        timeline = await _timeline(connection, clauses, since_ms, width)
    total = sum(c.count for c in counts)
    client = sum(c.count for c in counts if c.status_class == "4xx")
    server = sum(c.count for c in counts if c.status_class == "5xx")
    return PredictionStats(
        since=_time(since_ms),
        until=_time(until_ms),
        total=total,
        counts=counts,
        latency=latency,
        labels=labels,
        errors=ErrorShare(
            client_errors=client,
            server_errors=server,
            client_error_share=client / total if total else 0.0,
            server_error_share=server / total if total else 0.0,
        ),
        bucket_s=width,
        timeline=timeline,
    )


def _time(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


async def _counts(
    connection: AsyncConnection, clauses: Sequence[ColumnElement[bool]]
) -> list[PredictionCount]:
    c = predictions.c
    query = (
        select(c.model, c.version, c.status_class, func.count())
        .where(*clauses)
        .group_by(c.model, c.version, c.status_class)
        .order_by(c.model, c.version, c.status_class)
    )
    rows: Sequence[Any] = (await connection.execute(query)).all()
    return [
        PredictionCount(model=m, version=v, status_class=_CLASSES.get(s, "5xx"), count=n)
        for m, v, s, n in rows
    ]


async def _latency(
    connection: AsyncConnection, clauses: Sequence[ColumnElement[bool]]
) -> list[LatencyPercentiles]:
    """Overall first, then per model version."""
    c = predictions.c
    found = []
    for partition in ([], [c.model, c.version]):
        ranked = (
            select(
                *partition,
                c.latency_ms,
                func.row_number().over(partition_by=partition, order_by=c.latency_ms).label("rn"),
                func.count().over(partition_by=partition).label("n"),
            )
            .where(*clauses)
            .subquery()
        )
        wanted = [ranked.c.rn == (ranked.c.n * p + 99) // 100 for p in PERCENTILES]
        keys = [ranked.c[col.name] for col in partition]
        query = select(*keys, ranked.c.n, ranked.c.rn, ranked.c.latency_ms).where(or_(*wanted))
        groups: dict[tuple[Any, ...], dict[int, float]] = {}
        sizes: dict[tuple[Any, ...], int] = {}
        for row in (await connection.execute(query)).all():
            key = tuple(row[: len(keys)])
            n, rn, value = row[len(keys) :]
            sizes[key] = n
            groups.setdefault(key, {})[rn] = value
        for key in sorted(groups, key=lambda k: tuple(str(part) for part in k)):
            n = sizes[key]
            values = [groups[key][(n * p + 99) // 100] for p in PERCENTILES]
            model, version = key if key else (None, None)
            found.append(
                LatencyPercentiles(
                    model=model,
                    version=version,
                    count=n,
                    p50_ms=values[0],
                    p95_ms=values[1],
                    p99_ms=values[2],
                )
            )
    return found


async def _labels(
    connection: AsyncConnection, clauses: Sequence[ColumnElement[bool]], dialect: str
) -> list[LabelCount]:
    c = predictions.c
    if dialect == "postgresql":
        each = func.jsonb_array_elements_text(c.top_labels).table_valued("value")
    else:
        each = func.json_each(c.top_labels).table_valued("value")
    count = func.count().label("n")
    query = (
        select(c.model, each.c.value, count)
        .select_from(predictions.join(each, true()))
        .where(*clauses, c.top_labels.is_not(None))
        .group_by(c.model, each.c.value)
        .order_by(count.desc(), c.model, each.c.value)
    )
    rows: Sequence[Any] = (await connection.execute(query)).all()
    return [LabelCount(model=m, label=str(label), count=n) for m, label, n in rows]


async def _timeline(
    connection: AsyncConnection,
    clauses: Sequence[ColumnElement[bool]],
    since_ms: int,
    width_s: int,
) -> list[TimelinePoint]:
    c = predictions.c
    bucket = ((c.time_ms - since_ms) // (width_s * 1000)).label("bucket")
    query = (
        select(bucket, c.model, c.version, func.count())
        .where(*clauses)
        .group_by(bucket, c.model, c.version)
        .order_by(bucket, c.model, c.version)
    )
    rows: Sequence[Any] = (await connection.execute(query)).all()
    return [
        TimelinePoint(start=_time(since_ms + b * width_s * 1000), model=m, version=v, count=n)
        for b, m, v, n in rows
    ]
