"""The writer's one statement, compiled once per database, fed with driver-level rows.

An ORM-free Core `insert` still processes every bound value of every row through SQLAlchemy's
type machinery; in a busy gateway that was most of what the log cost. Here the statement is
compiled once for the engine's dialect, the JSON documents are serialised by `json.dumps` (as
SQLAlchemy's JSON type would), and the rows go to the driver's executemany as tuples.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Dialect, insert

from inferstack_gateway.predictions.tables import predictions

NUL_ESCAPE = "\\u0000"
COLUMNS = tuple(column.name for column in predictions.c if column.name != "id")
_JSON = frozenset(
    column.name for column in predictions.c if isinstance(column.type.as_generic(), JSON)
)


class BatchInsert:
    """`INSERT INTO predictions (...) VALUES (...)` for `dialect`, and its parameters."""

    def __init__(self, dialect: Dialect) -> None:
        compiled = insert(predictions).compile(dialect=dialect, column_keys=list(COLUMNS))
        self.sql = str(compiled)
        order = compiled.positiontup
        if not order:  # every dialect we support binds by position
            raise ValueError(f"{dialect.name}: expected positional parameters")
        self._order = tuple(order)
        self._json = tuple(name in _JSON for name in self._order)

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
        """Each row as the driver takes it: by position, JSON documents as text (None: NULL)."""
        pairs = tuple(zip(self._order, self._json, strict=True))
        return [
            tuple(_json_text(row[name]) if is_json else row[name] for name, is_json in pairs)
            for row in rows
        ]


def _json_text(value: Any) -> str | None:
    """`value` as JSON text. NUL characters (which a caller's label or body key may hold) become
    U+FFFD: PostgreSQL's jsonb refuses them, and SQLite's text keeps them anyway."""
    if value is None:
        return None
    text = json.dumps(value)
    return text.replace(NUL_ESCAPE, "\\ufffd") if NUL_ESCAPE in text else text
