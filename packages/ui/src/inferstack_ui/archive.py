"""Gathering the files of a batch: image files as they are, and the image files inside .zip files.

Unzipping is file handling, not pre-processing: the bytes of each image entry go to the gateway
unchanged. A zip is untrusted input, so its entries are read with limits (entry count, bytes per
entry, bytes in all), counted as they are actually read rather than as the zip declares them.
Directories, non-image names, hidden files and anything over a limit are skipped, each with a
reason the page lists.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO

from inferstack_sdk import Upload

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")
IMAGE_TYPES = tuple(suffix.lstrip(".") for suffix in IMAGE_SUFFIXES)
_READ_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Limits:
    """How much one batch may unpack."""

    max_files: int = 2000
    max_file_bytes: int = 20 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass
class Collected:
    """The images to classify and the entries left out, with why."""

    uploads: list[Upload] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    total_bytes: int = 0


class _LimitReached(Exception):
    pass


def is_image_name(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def collect(files: Iterable[tuple[str, bytes]], limits: Limits | None = None) -> Collected:
    """The images among `files` (name, bytes): image files kept, .zip files opened."""
    limits = limits or Limits()
    collected = Collected()
    for name, data in files:
        if name.lower().endswith(".zip"):
            _unzip(name, data, limits, collected)
        elif is_image_name(name):
            _add(collected, limits, Upload(name, data))
        else:
            collected.skipped.append(Skipped(name, "not an image file name"))
    return collected


def _add(collected: Collected, limits: Limits, upload: Upload) -> bool:
    if len(collected.uploads) >= limits.max_files:
        collected.skipped.append(
            Skipped(upload.name, f"over the limit of {limits.max_files} images per batch")
        )
        return False
    if len(upload.data) > limits.max_file_bytes:
        collected.skipped.append(Skipped(upload.name, _too_big(limits, len(upload.data))))
        return False
    if collected.total_bytes + len(upload.data) > limits.max_total_bytes:
        collected.skipped.append(
            Skipped(upload.name, f"over the limit of {_mib(limits.max_total_bytes)} per batch")
        )
        return False
    collected.uploads.append(upload)
    collected.total_bytes += len(upload.data)
    return True


def _unzip(zip_name: str, data: bytes, limits: Limits, collected: Collected) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        collected.skipped.append(Skipped(zip_name, f"not a readable zip file ({exc})"))
        return
    with archive:
        for info in archive.infolist():
            entry = f"{zip_name}/{info.filename}"
            reason = _entry_problem(info)
            if reason is not None:
                if not info.is_dir():  # folders are structure, not skipped content
                    collected.skipped.append(Skipped(entry, reason))
                continue
            if len(collected.uploads) >= limits.max_files:
                collected.skipped.append(
                    Skipped(entry, f"over the limit of {limits.max_files} images per batch")
                )
                continue
            budget = min(limits.max_file_bytes, limits.max_total_bytes - collected.total_bytes)
            if info.file_size > budget:
                collected.skipped.append(Skipped(entry, _too_big(limits, info.file_size)))
                continue
            try:
                with archive.open(info) as member:
                    content = _read_at_most(member, budget)
            except _LimitReached:
                collected.skipped.append(Skipped(entry, _too_big(limits, None)))
                continue
            except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError) as exc:
                # RuntimeError: encrypted entry; BadZipFile: CRC mismatch; others: damaged data.
                collected.skipped.append(Skipped(entry, f"cannot be read from the zip ({exc})"))
                continue
            _add(collected, limits, Upload(entry, content))


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    if info.is_dir():
        return "a folder"
    path = PurePosixPath(info.filename)
    if any(part.startswith(".") or part == "__MACOSX" for part in path.parts):
        return "a hidden or system file"
    if not is_image_name(path.name):
        return "not an image file name"
    if info.flag_bits & 0x1:
        return "encrypted"
    return None


def _read_at_most(member: IO[bytes], limit: int) -> bytes:
    """The entry's bytes, refusing as soon as more than `limit` come out (sizes can lie)."""
    parts: list[bytes] = []
    size = 0
    while chunk := member.read(_READ_CHUNK):
        size += len(chunk)
        if size > limit:
            raise _LimitReached
        parts.append(chunk)
    return b"".join(parts)


def _too_big(limits: Limits, size: int | None) -> str:
    what = f"{_mib(size)} uncompressed" if size is not None else "its uncompressed data"
    return (
        f"too large: {what} exceeds the limit of {_mib(limits.max_file_bytes)} per image "
        f"or {_mib(limits.max_total_bytes)} per batch"
    )


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MiB" if size >= 1024 * 1024 else f"{size} bytes"
