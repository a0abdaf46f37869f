"""Thumbnails for tables: small PNG data URLs, None for what cannot be shown."""

from __future__ import annotations

import base64
import io

from PIL import Image

from inferstack_ui.thumbnails import thumbnail
from tests.ui.conftest import digit_png


def test_a_small_png_or_none() -> None:
    url = thumbnail(digit_png(0, size=200)[1], size=32)
    assert url is not None
    assert url.startswith("data:image/png;base64,")
    with Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))) as image:
        assert max(image.size) == 32
    assert thumbnail(b"not an image") is None
