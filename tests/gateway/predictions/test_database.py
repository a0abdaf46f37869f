"""Migrations on both databases: upgrade from empty to the tables the code expects, downgrade
to nothing, upgrade again; SQLite in WAL mode, its folder created."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from inferstack_gateway.predictions.database import (
    create_engine,
    current_revision,
    downgrade,
    migrate,
)
from inferstack_gateway.predictions.tables import metadata


def _differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def test_migrations_upgrade_from_empty_and_downgrade(database_url: str) -> None:
    async def scenario() -> None:
        engine = create_engine(database_url)
        try:
            assert await current_revision(engine) is None
            await migrate(engine)
            assert await current_revision(engine) == "0001"
            async with engine.connect() as connection:
                assert "predictions" in await connection.run_sync(_tables)
                # The migrated schema is exactly the one the code reads and writes.
                assert await connection.run_sync(_differences) == []
            await downgrade(engine, "base")
            assert await current_revision(engine) is None
            async with engine.connect() as connection:
                assert "predictions" not in await connection.run_sync(_tables)
            await migrate(engine)  # and up again, from nothing
            await migrate(engine)  # a no-op when current
            assert await current_revision(engine) == "0001"
        finally:
            await engine.dispose()

    asyncio.run(scenario())


def test_sqlite_file_and_folder_are_created_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "state" / "gateway" / "predictions.sqlite3"

    async def scenario() -> str:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await migrate(engine)
            async with engine.connect() as connection:
                return str((await connection.execute(text("PRAGMA journal_mode"))).scalar())
        finally:
            await engine.dispose()

    assert asyncio.run(scenario()) == "wal"
    assert path.is_file()
