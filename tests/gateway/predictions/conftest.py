"""Databases for the prediction log's tests: a SQLite file, or a fresh database (per test
module) on the suite's own PostgreSQL server, started once and stopped at the end."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import PostgresServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database of each kind, fresh for each test module."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("sqlite") / "predictions.sqlite3"
        yield f"sqlite+aiosqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = re.sub(r"\W", "_", request.module.__name__.rsplit(".", 1)[-1])
    with server.database(name) as url:
        yield url
