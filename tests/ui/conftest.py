"""The UI's tests: its pages run by Streamlit's AppTest against the real gateway and Triton."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from inferstack_tools.launcher.process import free_ports
from tests.digit_images import held_out, render

APP = Path(__file__).resolve().parents[2] / "packages/ui/src/inferstack_ui/streamlit_app.py"
PAGES = ("classify", "text", "models", "batch", "status")
#: The first run imports Streamlit's page machinery and pandas: give it time.
RUN_TIMEOUT_S = 60.0


@pytest.fixture(autouse=True)
def ui_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No UI setting leaks in from the environment; no cached client leaks between tests."""
    for name in (
        "UI_GATEWAY_URL",
        "API_GATEWAY_URL",
        "UI_API_KEY",
        "UI_TIMEOUT_S",
        "UI_PROBE_TIMEOUT_S",
        "UI_CACHE_TTL_S",
    ):
        monkeypatch.delenv(name, raising=False)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def open_page(page: str) -> AppTest:
    """The app's entry script, switched to `pages/<page>.py` and run once."""
    at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S).run()
    if page != PAGES[0]:  # the first page is the default one
        at.switch_page(f"app_pages/{page}.py").run()
    return at


@pytest.fixture
def closed_port_url() -> str:
    """A URL where nothing listens: a gateway that is down."""
    (port,) = free_ports(1)
    return f"http://127.0.0.1:{port}"


def digit_png(index: int, *, size: int = 64) -> tuple[str, bytes, str]:
    """Held-out digit `index` as an uploaded PNG named after its true label."""
    data = held_out()
    return (
        f"digit-{index}-{data.labels[index]}.png",
        render(data.images[index], size=size),
        "image/png",
    )


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            if name.endswith("/"):
                archive.writestr(zipfile.ZipInfo(name), b"")
            else:
                archive.writestr(name, content)
    return out.getvalue()
