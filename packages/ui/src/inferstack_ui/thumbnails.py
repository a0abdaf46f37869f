"""Small previews of the user's images, as data URLs for tables and galleries (display only)."""

from __future__ import annotations

import base64
import io

from PIL import Image, UnidentifiedImageError

#: Longest side of a thumbnail, in pixels.
SIZE = 56
#: Files larger than this are not opened for a thumbnail (the gateway still gets them).
MAX_BYTES = 8 * 1024 * 1024


def thumbnail(data: bytes, *, size: int = SIZE) -> str | None:
    """A PNG data URL of `data` shrunk to `size` pixels, or None when it cannot be shown."""
    if len(data) > MAX_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                return None
            image.thumbnail((size, size))
            out = io.BytesIO()
            image.convert("RGBA").save(out, format="PNG")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
