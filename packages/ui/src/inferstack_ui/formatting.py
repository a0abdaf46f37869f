"""Numbers for a person: sizes in KiB/MiB, counts with separators, pixels as megapixels, times."""

from __future__ import annotations

KIB = 1024
MIB = 1024 * 1024


def count(value: float) -> str:
    """12345 -> "12,345"."""
    return f"{value:,.0f}"


def size(num_bytes: float) -> str:
    """A size in bytes as bytes, KiB or MiB: 20971520 -> "20 MiB", 1536 -> "1.5 KiB"."""
    if num_bytes >= MIB:
        return f"{_short(num_bytes / MIB)} MiB"
    if num_bytes >= KIB:
        return f"{_short(num_bytes / KIB)} KiB"
    return f"{num_bytes:,.0f} bytes"


def pixels(value: float) -> str:
    """16000000 -> "16 megapixels (16,000,000 pixels)"."""
    if value >= 1_000_000:
        return f"{_short(value / 1_000_000)} megapixels ({count(value)} pixels)"
    return f"{count(value)} pixels"


def ms(value: float) -> str:
    """Milliseconds with the precision a person reads: "4.2 ms", "130 ms", "2.5 s"."""
    if value >= 10_000:
        return f"{value / 1000:.0f} s"
    if value >= 1000:
        return f"{value / 1000:.1f} s"
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def seconds(value: float) -> str:
    """A duration: "8 s", "2 min 5 s", "1 h 3 min"."""
    if value < 10:
        return f"{max(0.0, value):.1f} s"
    whole = round(value)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def percent(value: float) -> str:
    """0.4 -> "40.0%"."""
    return f"{value:.1%}"


def limit(name: str, value: int) -> str:
    """A catalog limit in its unit, by its name's convention (`_bytes`, `_pixels`, else a count)."""
    if name.endswith("_bytes"):
        return f"{size(value)} ({count(value)} bytes)" if value >= KIB else size(value)
    if name.endswith("_pixels"):
        return pixels(value)
    if name.endswith("_chars"):
        return f"{count(value)} characters"
    if name.endswith("_tokens_per_request"):
        return f"{count(value)} tokens"
    return count(value)


def limit_name(name: str) -> str:
    """`max_request_bytes` -> "Request size, at most"; unknown names read with spaces."""
    return _LIMIT_NAMES.get(name, name.replace("_", " "))


_LIMIT_NAMES = {
    "max_request_bytes": "Request body",
    "max_images_per_request": "Images per request",
    "max_image_pixels": "Pixels per image",
    "max_texts_per_request": "Texts per request",
    "max_text_chars": "Characters per text",
    "max_labels_per_request": "Labels per request",
    "max_tokens_per_request": "Tokens per request",
}


def _short(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
