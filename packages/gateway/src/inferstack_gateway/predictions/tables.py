"""The prediction log's one table. Alembic's migrations (`migrations/`) create and change it;
this module is what the code reads and writes, and what the migrations are checked against."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Double,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

#: JSON documents: JSONB on PostgreSQL, JSON text on SQLite.
Json = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")

predictions = Table(
    "predictions",
    metadata,
    # SQLite only auto-increments an INTEGER PRIMARY KEY.
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True),
    Column("request_id", String(128), nullable=False),
    Column("time_ms", BigInteger, nullable=False, comment="Arrival, Unix milliseconds (UTC)."),
    Column("route", String(256), nullable=False),
    Column("model", String(128)),
    Column("version", String(32)),
    Column("status", SmallInteger, nullable=False),
    Column("status_class", SmallInteger, nullable=False, comment="status // 100"),
    Column("latency_ms", Double, nullable=False),
    Column("timings", Json),
    Column("caller", String(64)),
    Column("inputs", Json),
    Column("outputs", Json),
    Column("top_labels", Json, comment="The top label of each item, for the label statistics."),
    Column("problem", Json),
    Column("raw_inputs", Json),
)
Index("ix_predictions_request_id", predictions.c.request_id)
Index("ix_predictions_time_ms", predictions.c.time_ms)
Index(
    "ix_predictions_model_time",
    predictions.c.model,
    predictions.c.version,
    predictions.c.time_ms,
)
