"""The sdk's tests: its calls against the real gateway (uvicorn) and the real Triton."""

from __future__ import annotations

import pytest

from inferstack_sdk import Upload
from inferstack_tools.launcher.process import free_ports
from tests.digit_images import held_out, render

CORRUPT = Upload("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)


@pytest.fixture
def closed_port_url() -> str:
    """A URL where nothing listens: a gateway that is down."""
    (port,) = free_ports(1)
    return f"http://127.0.0.1:{port}"


def digits(count: int) -> list[Upload]:
    """Held-out digits 0..count-1 as PNG uploads named `d<i>-<true label>.png`."""
    data = held_out()
    return [Upload(f"d{i}-{data.labels[i]}.png", render(data.images[i])) for i in range(count)]
