"""Classifying files through the gateway so that every file gets its own answer or reason.

Files go in chunks, one request per chunk. When the gateway rejects a chunk because of some of its
images (a 4xx problem whose `errors` point at ["body", "images", i]), exactly those files fail with
the gateway's reason and their chunk-mates are sent again one by one. A chunk that is too large
(413) is sent one file at a time too. When the gateway cannot be reached at all, the files not yet
sent fail with that reason instead of each waiting for its own connection error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from inferstack_client.models import LabelScore
from inferstack_ui.gateway import Classified, Gateway, GatewayError, Upload

DEFAULT_CHUNK_SIZE = 16
CSV_FIELDS = ("file", "status", "label", "probability", "model", "version", "error")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FileResult:
    """One file's outcome: the gateway's top-k for it and the answer it came in, or why not."""

    upload: Upload
    status: Literal["ok", "error"]
    predictions: tuple[LabelScore, ...] = ()
    answer: Classified | None = None
    error: str | None = None

    @property
    def best(self) -> LabelScore | None:
        return self.predictions[0] if self.predictions else None

    def row(self) -> dict[str, str | float | None]:
        best = self.best
        return {
            "file": self.upload.name,
            "status": self.status,
            "label": best.label if best else None,
            "probability": best.probability if best else None,
            "model": self.answer.response.model if self.answer else None,
            "version": self.answer.response.version if self.answer else None,
            "error": self.error,
        }


def table_row(result: FileResult) -> dict[str, str | float | None]:
    """The row the Batch page shows: text cells empty rather than None."""
    row = result.row()
    return {
        "file": row["file"],
        "status": row["status"],
        "label": row["label"] or "",
        "probability": row["probability"],
        "version": row["version"] or "",
        "error": row["error"] or "",
    }


def classify_files(
    gateway: Gateway,
    uploads: Sequence[Upload],
    *,
    model: str,
    version: str | None,
    top_k: int,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Every upload's result, in the order given; `progress(done, total)` after each chunk."""
    results: list[FileResult] = []
    total = len(uploads)
    stop: GatewayError | None = None
    for start in range(0, total, max(1, chunk_size)):
        chunk = uploads[start : start + chunk_size]
        if stop is not None:
            results += [_failed(upload, f"not sent: {stop.message}") for upload in chunk]
        else:
            chunk_results, stop = _send(gateway, chunk, model, version, top_k)
            results += chunk_results
        if progress is not None:
            progress(len(results), total)
    return results


def _send(
    gateway: Gateway, chunk: Sequence[Upload], model: str, version: str | None, top_k: int
) -> tuple[list[FileResult], GatewayError | None]:
    """(results of `chunk`, the error that makes sending more pointless, if any)."""
    outcome = gateway.classify(chunk, model=model, version=version, top_k=top_k)
    if isinstance(outcome, Classified):
        return _answered(chunk, outcome), None
    if outcome.kind in ("unreachable", "timeout", "unauthorized"):
        return [_failed(upload, outcome.message) for upload in chunk], outcome
    named = {i for i in outcome.per_image if 0 <= i < len(chunk)}
    client_error = outcome.status is not None and 400 <= outcome.status < 500
    if len(chunk) > 1 and client_error and (named or outcome.status == 413):
        results: list[FileResult | None] = [None] * len(chunk)
        for index in named:
            results[index] = _failed(chunk[index], outcome.reason(index))
        for index, upload in enumerate(chunk):
            if results[index] is None:
                one, stop = _send(gateway, [upload], model, version, top_k)
                results[index] = one[0]
                if stop is not None:
                    return _fill(results, chunk, stop), stop
        return [result for result in results if result is not None], None
    return [_failed(upload, outcome.reason(i)) for i, upload in enumerate(chunk)], None


def _fill(
    results: list[FileResult | None], chunk: Sequence[Upload], stop: GatewayError
) -> list[FileResult]:
    return [
        result if result is not None else _failed(upload, f"not sent: {stop.message}")
        for result, upload in zip(results, chunk, strict=True)
    ]


def _answered(chunk: Sequence[Upload], answer: Classified) -> list[FileResult]:
    by_index = {result.index: result for result in answer.response.results}
    results = []
    for index, upload in enumerate(chunk):
        result = by_index.get(index)
        if result is None or not result.predictions:
            results.append(_failed(upload, "the gateway answered without a result for it"))
            continue
        results.append(
            FileResult(upload, "ok", predictions=tuple(result.predictions), answer=answer)
        )
    return results


def _failed(upload: Upload, reason: str) -> FileResult:
    return FileResult(upload, "error", error=reason)


def to_csv(results: Sequence[FileResult]) -> bytes:
    """The results table as CSV (UTF-8), one line per file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for result in results:
        writer.writerow(
            {key: "" if value is None else value for key, value in result.row().items()}
        )
    return out.getvalue().encode("utf-8")
