"""Numbers for a person: units and separators."""

from __future__ import annotations

import pytest

from inferstack_ui import formatting


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("max_request_bytes", 20_971_520, "20 MiB (20,971,520 bytes)"),
        ("max_image_pixels", 16_000_000, "16 megapixels (16,000,000 pixels)"),
        ("max_images_per_request", 64, "64"),
        ("max_text_chars", 20_000, "20,000 characters"),
        ("max_tokens_per_request", 8192, "8,192 tokens"),
        ("max_texts_per_request", 256, "256"),
    ],
)
def test_limits_in_their_units(name: str, value: int, said: str) -> None:
    assert formatting.limit(name, value) == said


def test_sizes_times_and_names() -> None:
    assert formatting.size(1536) == "1.5 KiB"
    assert formatting.size(200 * 1024 * 1024) == "200 MiB"
    assert formatting.size(12) == "12 bytes"
    assert formatting.ms(4.24) == "4.2 ms"
    assert formatting.ms(130.4) == "130 ms"
    assert formatting.ms(2500) == "2.5 s"
    assert formatting.seconds(0.42) == "0.4 s"
    assert formatting.seconds(18.4) == "18 s"
    assert formatting.seconds(125) == "2 min 5 s"
    assert formatting.seconds(3780) == "1 h 3 min"
    assert formatting.limit_name("max_request_bytes") == "Request body"
    assert formatting.limit_name("max_new_thing") == "max new thing"
