"""The writer on a real SQLite file: batches, a full queue drops and counts, stop() writes what
is queued, and the retention purge."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from sqlalchemy import func, select

from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.predictions import LogOptions, PendingRecord, PredictionLog
from inferstack_gateway.predictions.retention import cutoff_ms, purge
from inferstack_gateway.predictions.tables import predictions


def _record(number: int, time_ms: int | None = None) -> PendingRecord:
    return PendingRecord(
        request_id=f"r{number}",
        time_ms=int(time.time() * 1000) if time_ms is None else time_ms,
        route="/v1/image-classification",
        model="digits",
        version="2",
        status=200,
        latency_ms=1.5,
        caller=None,
        inputs=None,
        answer=None,
        problem=None,
    )


async def _count(log: PredictionLog) -> int:
    assert log.engine is not None
    async with log.engine.connect() as connection:
        query = select(func.count()).select_from(predictions)
        return int((await connection.execute(query)).scalar_one())


def _dropped(metrics: GatewayMetrics) -> float:
    value = metrics.registry.get_sample_value("inferstack_gateway_prediction_log_dropped_total")
    return value or 0.0


def test_a_full_queue_drops_and_counts_and_stop_writes_the_rest(tmp_path: Path) -> None:
    metrics = GatewayMetrics()
    url = f"sqlite+aiosqlite:///{tmp_path / 'log.sqlite3'}"
    log = PredictionLog(LogOptions(url=url, queue_size=10, batch_size=4, flush_s=60), metrics)

    async def scenario() -> int:
        await log.start()
        for number in range(25):  # no await in between: the writer cannot drain meanwhile
            log.submit(_record(number))
        assert log.health().dropped == 15
        await log.stop()  # long before flush_s: stop() does not wait for a full batch
        await log.start()  # (reopen the database to count)
        try:
            return await _count(log)
        finally:
            await log.stop()

    assert asyncio.run(scenario()) == 10
    assert _dropped(metrics) == 15


def test_records_are_written_in_batches_without_waiting_for_stop(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'log.sqlite3'}"
    log = PredictionLog(LogOptions(url=url, batch_size=50, flush_s=0.05), GatewayMetrics())

    async def scenario() -> int:
        await log.start()
        try:
            for number in range(120):
                log.submit(_record(number))
                if number % 7 == 0:
                    await asyncio.sleep(0)
            deadline = time.monotonic() + 30
            while await _count(log) < 120 and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.01)  # polling the database, not waiting for an event
            assert log.health().pending == 0
            return await _count(log)
        finally:
            await log.stop()

    assert asyncio.run(scenario()) == 120


def test_retention_purges_old_records_only(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'log.sqlite3'}"
    log = PredictionLog(LogOptions(url=url, retention_days=0), GatewayMetrics())
    day_ms = 86_400_000
    now_ms = int(time.time() * 1000)

    async def scenario() -> tuple[int, int]:
        await log.start()
        try:
            for age_days in (0, 1, 5, 40, 400):
                log.submit(_record(age_days, now_ms - age_days * day_ms - 1000))
            await log.stop()
            await log.start()
            assert log.engine is not None
            removed = await purge(log.engine, cutoff_ms(30))
            return removed, await _count(log)
        finally:
            await log.stop()

    assert asyncio.run(scenario()) == (2, 3)


def test_a_disabled_log_takes_nothing() -> None:
    log = PredictionLog(None, GatewayMetrics())
    assert not log.accepting
    assert log.health().state == "disabled"
