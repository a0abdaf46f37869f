"""The prediction log's database: an async engine for a URL, and its migrations.

SQLite (aiosqlite) by default, in WAL mode so that readers never wait for the writer; PostgreSQL
(asyncpg) by URL. Alembic's migrations ship inside the package (`migrations/`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "head"
#: Seconds to wait for a connection to a server database before calling it unreachable.
CONNECT_TIMEOUT_S = 3.0
#: Milliseconds SQLite waits for another connection's lock before failing.
SQLITE_BUSY_TIMEOUT_MS = 5000


def create_engine(url: str) -> AsyncEngine:
    """An engine for `url`; a SQLite file's folder is created on the way."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=4,
        connect_args={"timeout": CONNECT_TIMEOUT_S},
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL mode
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for our migrations, bound to `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, revision: str = HEAD) -> None:
    """Upgrade the database to `revision` (default: the newest)."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Downgrade the database to `revision` (``base``: nothing of ours left)."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )
