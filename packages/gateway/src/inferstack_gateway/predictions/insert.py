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
        dumps = json.dumps
        pairs = tuple(zip(self._order, self._json, strict=True))
        return [
            tuple(
                (None if row[name] is None else dumps(row[name])) if is_json else row[name]
                for name, is_json in pairs
            )
            for row in rows
        ]
