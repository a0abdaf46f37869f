"""The results file: one CSV or JSON Lines line per input, appended and flushed one by one, and
read back to resume (which inputs are done ok, which failed last time)."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from inferstack_sdk.folder.options import Format, UsageError

FIELDS = ("path", "status", "label", "probability", "model", "version", "top_k", "error")


@dataclass(frozen=True)
class Record:
    """One output line."""

    path: str
    status: Literal["ok", "error"]
    model: str
    version: str | None = None
    label: str | None = None
    probability: float | None = None
    top_k: tuple[tuple[str, float], ...] = ()
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "label": self.label,
            "probability": self.probability,
            "model": self.model,
            "version": self.version,
            "top_k": [{"label": label, "probability": p} for label, p in self.top_k],
            "error": self.error,
        }

    def as_csv_row(self) -> list[str]:
        values = self.as_dict()
        values["top_k"] = json.dumps(values["top_k"]) if self.top_k else ""
        return ["" if values[name] is None else str(values[name]) for name in FIELDS]


@dataclass(frozen=True)
class Previous:
    """What an existing results file says: the keys done ok, the keys whose last line failed."""

    ok: frozenset[str] = frozenset()
    failed: frozenset[str] = frozenset()
    unreadable_lines: int = 0


class ResultsFile:
    """The append-only results file: one line per record, flushed as soon as it is written."""

    def __init__(self, path: Path, output_format: Format) -> None:
        self.path = path
        self.format = output_format
        self._file: TextIO | None = None

    def _header(self) -> str:
        return ",".join(FIELDS)

    def read_previous(self) -> Previous:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return Previous()
        text = self.path.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")  # only "\n" ends a line: fields may hold other separators
        if self.format == "csv":
            if lines[0].strip() != self._header():
                raise UsageError(
                    f"{self.path} exists but is not a results file of this script "
                    f"(its first line is not {self._header()!r}); choose another --output"
                )
            lines = lines[1:]
        latest: dict[str, str] = {}
        ok: set[str] = set()
        unreadable = 0
        for line in lines:
            if not line.strip():
                continue
            entry = self._parse(line)
            if entry is None:
                unreadable += 1
                continue
            key, status = entry
            latest[key] = status
            if status == "ok":
                ok.add(key)
        if unreadable > 1 and not latest:
            raise UsageError(
                f"{self.path} exists but is not a results file of this script "
                "(no line of it is one); choose another --output"
            )
        failed = {key for key, status in latest.items() if status == "error" and key not in ok}
        return Previous(frozenset(ok), frozenset(failed), unreadable)

    def _parse(self, line: str) -> tuple[str, str] | None:
        """(path, status) of one line, or None when the line is not one of ours (e.g. cut off)."""
        if self.format == "csv":
            try:
                row = next(csv.reader([line]), [])
            except csv.Error:
                return None
            if len(row) != len(FIELDS):
                return None
            values: dict[str, Any] = dict(zip(FIELDS, row, strict=True))
        else:
            try:
                parsed = json.loads(line)
            except ValueError:
                return None
            if not isinstance(parsed, dict):
                return None
            values = parsed
        key, status = values.get("path"), values.get("status")
        if not isinstance(key, str) or status not in ("ok", "error"):
            return None
        return key, str(status)

    def __enter__(self) -> ResultsFile:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists() or self.path.stat().st_size == 0
        cut_off = False
        if not new:
            with self.path.open("rb") as existing:
                existing.seek(-1, os.SEEK_END)
                cut_off = existing.read(1) != b"\n"
        self._file = self.path.open("a", encoding="utf-8", newline="")
        if new and self.format == "csv":
            self._append(self._header() + "\n")
        if cut_off:
            self._append("\n")  # the last run died mid-line: start on a line of our own
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def write(self, record: Record) -> None:
        if self.format == "csv":
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(record.as_csv_row())
            self._append(buffer.getvalue())
        else:
            self._append(json.dumps(record.as_dict(), ensure_ascii=False) + "\n")

    def _append(self, line: str) -> None:
        assert self._file is not None, "write inside `with results:`"
        self._file.write(line)
        self._file.flush()
