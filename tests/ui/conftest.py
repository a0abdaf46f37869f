"""The UI's tests: its pages run by Streamlit's AppTest against the real gateway and Triton."""

from __future__ import annotations

import html
import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
import streamlit as st
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Html

from inferstack_client.models import ModelInfo
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.ui import UiServer
from tests.digit_images import held_out, render

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

APP = Path(__file__).resolve().parents[2] / "packages/ui/src/inferstack_ui/streamlit_app.py"
PAGES = ("classify", "text", "models", "batch", "status", "history")
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
def live(gateway_server: GatewayServer, monkeypatch: pytest.MonkeyPatch) -> GatewayServer:
    """The UI pointed at the session's real gateway process."""
    monkeypatch.setenv("UI_GATEWAY_URL", gateway_server.url)
    return gateway_server


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def records(frame: Any) -> list[dict[str, Any]]:
    """The rows of an AppTest dataframe or table."""
    rows: list[dict[str, Any]] = frame.value.to_dict("records")
    return rows


def chart_rows(chart: Any) -> list[dict[str, Any]]:
    """The rows of a chart's data (Arrow IPC, inline or as its first named dataset)."""
    data = chart.proto.data.data or chart.proto.datasets[0].data.data
    rows: list[dict[str, Any]] = convert_arrow_bytes_to_pandas_df(data).to_dict("records")
    return rows


_BAR = re.compile(r'data-label="([^"]*)" data-probability="([0-9.]+)"')


def bars(at: AppTest) -> list[list[tuple[str, float]]]:
    """Every set of probability bars on the page: (label, probability) in the order shown."""
    return [
        [(html.unescape(label), float(p)) for label, p in _BAR.findall(element.value)]
        for element in elements(at, "html", Html)
        if "inferstack-bars" in element.value
    ]


E = TypeVar("E")


def elements(at: AppTest, kind: str, cls: type[E]) -> list[E]:
    """The elements of `kind` on the page, typed."""
    return [element for element in at.get(kind) if isinstance(element, cls)]


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


class SilentGateway:
    """Accepts connections and never answers; counts the connections made to it."""

    def __init__(self) -> None:
        import socket
        import threading

        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self._socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self.connections = 0
        self._held: list[socket.socket] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._socket.accept()
            except OSError:  # the accept timeout, or closed
                continue
            self.connections += 1
            self._held.append(connection)  # never read, never answered

    def close(self) -> None:
        self._closed.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self._socket.close()


@pytest.fixture
def silent() -> Iterator[SilentGateway]:
    """A gateway that accepts connections but never answers."""
    gateway = SilentGateway()
    yield gateway
    gateway.close()


def route_count(gateway: GatewayServer, route: str) -> float:
    """How many requests the gateway has answered on `route`, from its /metrics."""
    import httpx

    text = httpx.get(f"{gateway.url}/metrics", timeout=10).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("inferstack_gateway_requests_total{") and f'route="{route}"' in line
    )


def catalog_model(**overrides: Any) -> ModelInfo:
    """A catalog entry like the gateway's, with `overrides`."""
    data: dict[str, Any] = {
        "name": "m",
        "task": "embeddings",
        "versions": [{"version": "1", "state": "READY", "ready": True}],
        "default_version": "1",
        "max_batch_size": 8,
        "inputs": [{"name": "input_ids", "datatype": "INT64", "shape": [-1, -1]}],
        "outputs": [{"name": "embedding", "datatype": "FP32", "shape": [-1, 384]}],
        "parameters": {"max_sequence_length": "256", "card.v1.accuracy": "0.9", "task": "x"},
        "limits": {"max_request_bytes": 1024, "max_text_chars": 100},
    }
    data.update(overrides)
    return ModelInfo.from_dict(data)


# --- the browser tests' fixtures: Debian's Chromium, driven by Playwright ----------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
WAIT_MS = 60_000
DESKTOP: ViewportSize = {"width": 1280, "height": 1000}
PHONE: ViewportSize = {"width": 400, "height": 860}


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not found: `apt-get install -y chromium` to run the browser test")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def serve_ui(gateway_url: str, log_dir: Path, **env: str) -> UiServer:
    (port,) = free_ports(1)
    server = UiServer(
        host="127.0.0.1",
        port=port,
        gateway_url=gateway_url,
        log_file=log_dir / f"ui-{port}.log",
        env=env,
    )
    server.start()
    return server


@pytest.fixture(scope="module")
def ui_server(
    gateway_server: GatewayServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UiServer]:
    """The UI against the real gateway, started the way `./dev streamlit run` would be: with
    Streamlit's own toolbar setting ("developer"), which the app must override."""
    server = serve_ui(
        gateway_server.url,
        tmp_path_factory.mktemp("ui"),
        STREAMLIT_CLIENT_TOOLBAR_MODE="developer",
    )
    yield server
    server.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab at desktop size."""
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()
