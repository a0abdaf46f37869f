"""The UI in a real browser: Streamlit served by `UiServer`, headless Chromium driven by Playwright.

Uses Debian's /usr/bin/chromium (never a browser Playwright downloads). Outside CI a machine
without it skips this test; in CI (CI=true) a missing Chromium fails it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.ui import UiServer
from tests.digit_images import CANVAS_SIDE, SEVEN, SEVEN_CROSSBAR, Stroke, held_out, render

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
REQUEST_ID = re.compile(r"^[0-9a-f-]{16,}$")  # the gateway's request id, in the result's caption
DIGIT = 0  # held-out sample 0, a 7, which every digits version classifies correctly today


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
            expect(page.get_by_text("Round trip")).to_be_visible()
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


def _draw(page: Any, canvas: Any, stroke: Stroke) -> None:
    """One stroke with the mouse, as a person draws it: press, move through the points, lift."""
    box = canvas.bounding_box()
    assert box is not None
    scale = box["width"] / CANVAS_SIDE
    points = [(box["x"] + x * scale, box["y"] + y * scale) for x, y in stroke]
    page.mouse.move(*points[0])
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*point, steps=15)
    page.mouse.up()


def test_a_seven_drawn_on_the_canvas_is_read_as_seven(chromium: Path, ui_server: UiServer) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            page.goto(ui_server.url)
            expect(page.get_by_text("Reachable", exact=True)).to_be_visible(timeout=WAIT_MS)
            page.get_by_role("tab", name="Draw a digit").click()
            canvas = page.locator("canvas.upper-canvas").first  # Fabric.js's drawing layer
            expect(canvas).to_be_visible(timeout=WAIT_MS)
            prediction = page.get_by_role("heading", name="Prediction:")
            seen = page.get_by_text("What the model saw (28x28)")

            (stroke,) = SEVEN  # without a crossbar: one stroke
            _draw(page, canvas, stroke)
            expect(prediction).to_have_text("Prediction: 7", timeout=WAIT_MS)
            expect(seen).to_be_visible(timeout=WAIT_MS)
            expect(page.get_by_text("version 3")).to_be_visible()
            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)
            request_id = page.locator("code", has_text=REQUEST_ID).first
            first_request = request_id.inner_text()

            _draw(page, canvas, SEVEN_CROSSBAR[-1])  # the crossbar, a second stroke
            expect(request_id).not_to_have_text(first_request, timeout=WAIT_MS)  # sent again
            expect(prediction).to_have_text("Prediction: 7", timeout=WAIT_MS)
        finally:
            browser.close()
