"""Retention: records older than the configured number of days are deleted, periodically."""

from __future__ import annotations

import asyncio
import logging
import time

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from inferstack_gateway.predictions.tables import predictions

_log = logging.getLogger("inferstack.predictions")
_DAY_MS = 86_400_000


async def purge(engine: AsyncEngine, older_than_ms: int) -> int:
    """Delete the records that arrived before `older_than_ms` (Unix ms); how many went."""
    async with engine.begin() as connection:
        result = await connection.execute(
            delete(predictions).where(predictions.c.time_ms < older_than_ms)
        )
    return int(result.rowcount or 0)


def cutoff_ms(retention_days: float, now_s: float | None = None) -> int:
    """The arrival time before which records are past `retention_days`."""
    now_ms = int((time.time() if now_s is None else now_s) * 1000)
    return now_ms - int(retention_days * _DAY_MS)


async def run_purges(engine: AsyncEngine, retention_days: float, interval_s: float) -> None:
    """Purge now, then every `interval_s`, until cancelled. Failures are logged and retried at
    the next interval; the writer reports the database's state."""
    while True:
        try:
            removed = await purge(engine, cutoff_ms(retention_days))
            if removed:
                _log.info(
                    "prediction log purged",
                    extra={"removed": removed, "retention_days": retention_days},
                )
        except Exception as exc:  # the database may be down: try again later
            _log.warning("prediction log purge failed", extra={"error": str(exc)})
        await asyncio.sleep(interval_s)
