"""The Batch page's table and CSV download: one row per file of the sdk's batch results."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from inferstack_sdk import ImageResult

CSV_FIELDS = ("file", "status", "label", "probability", "model", "version", "error")


def row(result: ImageResult) -> dict[str, str | float | None]:
    """One file's fields, None where it has none (a failed file has no label)."""
    best = result.best
    return {
        "file": result.upload.name,
        "status": result.status,
        "label": best.label if best else None,
        "probability": best.probability if best else None,
        "model": result.model,
        "version": result.version,
        "error": result.reason,
    }


def table_row(result: ImageResult) -> dict[str, str | float | None]:
    """The row the Batch page shows: text cells empty rather than None."""
    cells = row(result)
    return {
        "file": cells["file"],
        "status": cells["status"],
        "label": cells["label"] or "",
        "probability": cells["probability"],
        "version": cells["version"] or "",
        "error": cells["error"] or "",
    }


def to_csv(results: Sequence[ImageResult]) -> bytes:
    """The results table as CSV (UTF-8), one line per file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerow({key: "" if value is None else value for key, value in row(result).items()})
    return out.getvalue().encode("utf-8")
