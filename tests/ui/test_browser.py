"""The UI in a real browser: Streamlit served by `UiServer`, headless Chromium driven by Playwright.

Uses Debian's /usr/bin/chromium (never a browser Playwright downloads). Outside CI a machine
without it skips this test; in CI (CI=true) a missing Chromium fails it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.ui import UiServer
from tests.digit_images import held_out, render

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
# Written where git does not look, so a test run leaves the tree clean; docs/screenshots/ holds a
# copy for the README.
SCREENSHOT = Path(__file__).resolve().parents[2] / ".var" / "screenshots" / "classify.png"
WAIT_MS = 60_000
DIGIT = 0  # held-out sample 0, a 7, which both digits versions classify correctly today


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not found: `apt-get install -y chromium` to run the browser test")
    return CHROMIUM


@pytest.fixture
def ui_server(gateway_server: GatewayServer, tmp_path: Path) -> Iterator[UiServer]:
    (port,) = free_ports(1)
    server = UiServer(
        host="127.0.0.1",
        port=port,
        gateway_url=gateway_server.url,
        log_file=tmp_path / "ui.log",
    )
    server.start()
    yield server
    server.stop()


def test_classify_a_digit_in_the_browser(
    chromium: Path,
    ui_server: UiServer,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    data = held_out()
    label = str(data.labels[DIGIT])
    upload = tmp_path / f"held-out-{label}.png"
    upload.write_bytes(render(data.images[DIGIT], size=96))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100})
            page.goto(ui_server.url)
            expect(page.get_by_role("heading", name="Classify")).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_text("Reachable", exact=True)).to_be_visible(timeout=WAIT_MS)

            page.locator("input[type=file]").first.set_input_files(upload)

            prediction = page.get_by_role("heading", name="Prediction:")
            expect(prediction).to_be_visible(timeout=WAIT_MS)
            expect(prediction).to_have_text(f"Prediction: {label}")
            # The metrics come in the same script run as the heading, but on a loaded machine
            # the browser can take longer than expect's 5 s default to draw them.
            expect(page.get_by_text("Round trip")).to_be_visible(timeout=WAIT_MS)
            expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
            # Let the script run finish (the status widget goes away) before the picture.
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()

    record_property("screenshot", str(SCREENSHOT))
    print(f"screenshot: {SCREENSHOT}")
    assert SCREENSHOT.stat().st_size > 0


HISTORY_SCREENSHOT = SCREENSHOT.with_name("history.png")


def _fill_the_log(gateway: GatewayServer) -> None:
    """A mix of requests for the History page: both digits versions, both text operations, and
    client errors."""
    data = held_out()
    with httpx.Client(base_url=gateway.url, timeout=30) as client:
        bad = {"images": [{"data": base64.b64encode(b"not an image").decode()}]}
        unknown = {**bad, "model": "x"}
        assert client.post("/v1/image-classification", json=unknown).status_code == 404
        for _ in range(3):
            assert client.post("/v1/image-classification", json=bad).status_code == 422
        labels = ["animals", "finance", "sports"]
        for text in ("a cat sat on the mat", "the market fell", "the match ended in a draw"):
            embed = {"model": "minilm", "input": text}
            assert client.post("/v1/embeddings", json=embed).status_code == 200
            zero_shot = {"model": "minilm", "texts": [text], "labels": labels}
            assert client.post("/v1/text-classification", json=zero_shot).status_code == 200
        for i in range(24):  # last: the newest row, the one the test selects, is an image
            image = base64.b64encode(render(data.images[i])).decode()
            body = {"images": [{"data": image}], "version": "1" if i % 3 == 0 else "2"}
            assert client.post("/v1/image-classification", json=body).status_code == 200


def test_history_page_in_the_browser(
    chromium: Path, ui_server: UiServer, gateway_server: GatewayServer
) -> None:
    from playwright.sync_api import expect, sync_playwright

    _fill_the_log(gateway_server)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            # Tall enough for the whole page: Streamlit scrolls inside its main section.
            page = browser.new_page(viewport={"width": 1400, "height": 2200})
            page.goto(f"{ui_server.url}/history")
            expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=WAIT_MS)
            charts = page.locator("[data-testid='stVegaLiteChart']")
            expect(charts).to_have_count(4, timeout=WAIT_MS)
            grid = page.get_by_test_id("stDataFrame").first
            grid.click(position={"x": 18, "y": 54})  # the first row's selection cell
            expect(page.get_by_test_id("stJson")).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)
            HISTORY_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(HISTORY_SCREENSHOT), full_page=True)
        finally:
            browser.close()
    print(f"screenshot: {HISTORY_SCREENSHOT}")
    assert HISTORY_SCREENSHOT.stat().st_size > 0
