"""The prediction log: every inference answered, stored off the request path in SQLite (the
default) or PostgreSQL, and read back for the API.

records.py   what the request path hands over (small, by reference; images hashed)
rows.py      records to table rows: input and output summaries, built by the writer
writer.py    PredictionLog: bounded queue, batch writer, retries, flush on stop, health
tables.py    the table; migrations/ (Alembic) creates it; database.py opens and migrates
repository.py, stats.py   pages, one record, and the summary over a window
retention.py the periodic purge of old records
"""

from inferstack_gateway.predictions.records import (
    InputCapture,
    PendingRecord,
    capture_images,
    capture_tensors,
    capture_texts,
)
from inferstack_gateway.predictions.writer import LogOptions, PredictionLog

__all__ = [
    "InputCapture",
    "LogOptions",
    "PendingRecord",
    "PredictionLog",
    "capture_images",
    "capture_tensors",
    "capture_texts",
]
