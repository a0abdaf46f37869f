"""The prediction log's writer: a bounded in-memory queue, drained by one background task that
writes batches (`batch_size` records, or whatever arrived within `flush_s`).

A batch costs a fixed part (its transaction, the hand-offs to the database's thread, waking the
writer) besides its records. At a text model's rate (about 60 requests/s on the benchmark's
machine) batches flushed every 200 ms held about 12 records, and the fixed part was about half of
what the log cost the gateway; flushed every second, they hold five times as many
(`docs/benchmarks/prediction-log.md`, section 5). A busy gateway fills `batch_size` first.

The request path only calls `submit`, which never waits: a full queue drops the record, counts
it (`inferstack_gateway_prediction_log_dropped_total`) and logs it (at most once a second). A
database that cannot be written is retried with backoff; meanwhile the log reports itself
degraded and requests are served as ever. `stop` writes what is queued before it returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.predictions.database import create_engine, migrate
from inferstack_gateway.predictions.insert import BatchInsert
from inferstack_gateway.predictions.records import PendingRecord
from inferstack_gateway.predictions.retention import run_purges
from inferstack_gateway.predictions.rows import to_row
from inferstack_schemas import PredictionLogHealth

_log = logging.getLogger("inferstack.predictions")
#: Retry delays while the database cannot be written: doubling from the first to the last.
FIRST_RETRY_S = 0.1
LAST_RETRY_S = 5.0
#: Dropped records are logged at most this often (seconds).
DROP_LOG_INTERVAL_S = 1.0


@dataclass(frozen=True)
class LogOptions:
    """How the prediction log stores records (from the gateway's settings)."""

    url: str
    queue_size: int = 10_000
    batch_size: int = 200
    flush_s: float = 1.0
    retention_days: float = 30.0
    purge_interval_s: float = 3600.0
    raw_max_bytes: int | None = None  # None: keep no raw input
    shutdown_timeout_s: float = 5.0


class PredictionLog:
    """One per app. `options` None: the log is off (nothing queued, nothing stored)."""

    def __init__(self, options: LogOptions | None, metrics: GatewayMetrics) -> None:
        self.options = options
        self._metrics = metrics
        size = options.queue_size if options else 1
        self._queue: asyncio.Queue[PendingRecord] = asyncio.Queue(maxsize=size)
        self._batch_size = options.batch_size if options else 1
        self._wake = asyncio.Event()
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None  # the writer's own
        self._statement: BatchInsert | None = None
        self._migrated = False
        self._error: str | None = None
        self._in_flight = 0
        self._dropped = 0
        self._last_drop_log = 0.0
        self._closing = False
        self._writer: asyncio.Task[None] | None = None
        self._purger: asyncio.Task[None] | None = None

    @property
    def enabled(self) -> bool:
        return self.options is not None

    @property
    def accepting(self) -> bool:
        """Whether records are taken now (on, started, not stopping)."""
        return self._writer is not None and not self._closing

    @property
    def raw_max_bytes(self) -> int | None:
        return self.options.raw_max_bytes if self.options else None

    @property
    def engine(self) -> AsyncEngine | None:
        """The database, for queries (None while the log is off or not started)."""
        return self._engine

    def submit(self, record: PendingRecord) -> None:
        """Queue `record` for writing; never waits. A full queue drops it (counted, logged)."""
        queue = self._queue
        try:
            queue.put_nowait(record)
        except asyncio.QueueFull:
            self._drop()
            return
        waiting = queue.qsize()
        if waiting == 1 or waiting >= self._batch_size:
            self._wake.set()  # the writer waits for a first record, or for a full batch

    def _drop(self) -> None:
        self._dropped += 1
        self._metrics.prediction_log_dropped.inc()
        now = time.monotonic()
        if now - self._last_drop_log >= DROP_LOG_INTERVAL_S:
            self._last_drop_log = now
            _log.warning(
                "prediction log queue full: record dropped",
                extra={"dropped_total": self._dropped, "queue_size": self._queue.maxsize},
            )

    def health(self) -> PredictionLogHealth:
        if not self.enabled:
            return PredictionLogHealth(state="disabled", pending=0, dropped=0)
        return PredictionLogHealth(
            state="degraded" if self._error else "ok",
            detail=self._error,
            pending=self._queue.qsize() + self._in_flight,
            dropped=self._dropped,
        )

    async def start(self) -> None:
        """Open the database, migrate it (a database that is down is retried by the writer),
        and start the writer and the retention purge."""
        options = self.options
        if options is None:
            return
        self._engine = create_engine(options.url)
        with contextlib.suppress(Exception):  # logged and reported by _ensure_schema
            await self._ensure_schema()
        self._writer = asyncio.create_task(self._run(), name="prediction-log-writer")
        if options.retention_days > 0:
            self._purger = asyncio.create_task(
                run_purges(self._engine, options.retention_days, options.purge_interval_s),
                name="prediction-log-purge",
            )

    async def stop(self) -> None:
        """Write every queued record (for at most `shutdown_timeout_s`), then close."""
        if self._purger is not None:
            self._purger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._purger
        writer = self._writer
        if writer is not None and self.options is not None:
            self._closing = True
            self._wake.set()
            try:
                await asyncio.wait_for(asyncio.shield(writer), self.options.shutdown_timeout_s)
            except TimeoutError:
                lost = self._queue.qsize() + self._in_flight
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await writer
                _log.error(
                    "prediction log: records not written at shutdown",
                    extra={"lost": lost, "error": self._error},
                )
        await self._disconnect()
        if self._engine is not None:
            await self._engine.dispose()

    async def _ensure_schema(self) -> None:
        assert self._engine is not None
        try:
            await migrate(self._engine)
        except Exception as exc:
            self._failed(exc, "cannot migrate the prediction log database")
            raise
        self._migrated = True

    async def _run(self) -> None:
        while not (self._closing and self._queue.empty()):
            batch = await self._collect()
            if batch:
                await self._write(batch)

    async def _collect(self) -> list[PendingRecord]:
        """The next batch: wait for a record, then for a full batch or `flush_s`."""
        queue = self._queue
        if queue.empty():
            if self._closing:
                return []
            self._wake.clear()
            await self._wake.wait()  # a first record, or stop()
        if queue.qsize() < self._batch_size and not self._closing and self.options is not None:
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.options.flush_s)
        batch: list[PendingRecord] = []
        while len(batch) < self._batch_size and not queue.empty():
            batch.append(queue.get_nowait())
        return batch

    async def _write(self, batch: list[PendingRecord]) -> None:
        assert self._engine is not None
        assert self.options is not None
        self._in_flight = len(batch)
        raw_max = self.options.raw_max_bytes
        rows = [to_row(record, raw_max) for record in batch]
        delay = FIRST_RETRY_S
        try:
            while True:
                try:
                    if not self._migrated:
                        await self._ensure_schema()
                    await self._insert(rows)
                except (IntegrityError, DataError):  # a row the database refuses, however often
                    await self._insert_one_by_one(rows)
                    return
                except Exception as exc:
                    await self._disconnect()
                    self._failed(exc, "cannot write the prediction log")
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, LAST_RETRY_S)
                    continue
                if self._error is not None:
                    _log.info("prediction log: writing again", extra={"records": len(rows)})
                self._error = None
                self._metrics.prediction_log_written.inc(len(rows))
                return
        finally:
            self._in_flight = 0

    async def _insert_one_by_one(self, rows: list[dict[str, object]]) -> None:
        """Each row on its own, so that one the database refuses loses only itself (dropped,
        counted and logged)."""
        for row in rows:
            try:
                await self._insert([row])
            except (IntegrityError, DataError) as exc:
                self._dropped += 1
                self._metrics.prediction_log_dropped.inc()
                _log.error(
                    "prediction log: record refused by the database: dropped",
                    extra={"request_id": row.get("request_id"), "error": str(exc)[:500]},
                )
            else:
                self._metrics.prediction_log_written.inc()

    async def _insert(self, rows: list[dict[str, object]]) -> None:
        """One transaction on the writer's own connection, kept open between batches: a pool
        checkout and its reset on return cost more than a small batch's insert."""
        assert self._engine is not None
        if self._connection is None:
            self._connection = await self._engine.connect()
        if self._statement is None:
            self._statement = BatchInsert(self._engine.dialect)
        statement = self._statement
        async with self._connection.begin():
            await self._connection.exec_driver_sql(statement.sql, statement.parameters(rows))

    async def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # it may be broken: that is why it goes
                await connection.close()

    def _failed(self, exc: BaseException, what: str) -> None:
        message = f"{what}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if message != self._error:
            _log.warning("prediction log degraded", extra={"error": message})
        self._error = message
