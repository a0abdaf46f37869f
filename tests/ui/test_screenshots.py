"""Screenshots of every page, at desktop width and at 400 px, against the real stack.

Written to .var/screenshots/ (git does not look there), so a test run leaves the tree clean.
`INFERSTACK_SCREENSHOTS=docs/screenshots ./dev test tests/ui/test_screenshots.py` writes the
README's copies instead. Each page is shown doing its job: Classify with the examples compared
across versions, Text with an example classified, Batch after a run, Status after a few readings.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.ui import UiServer
from inferstack_ui.examples import DIGITS
from tests.digit_images import held_out, render
from tests.ui.conftest import DESKTOP, PHONE, WAIT_MS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / os.environ.get("INFERSTACK_SCREENSHOTS", ".var/screenshots")
WIDTHS: dict[str, ViewportSize] = {"desktop": DESKTOP, "mobile": PHONE}
#: Full-page pictures taller than this are cut (Streamlit scrolls inside its main block).
MAX_HEIGHT = 9000


def idle(page: Page) -> None:
    from playwright.sync_api import expect

    page.wait_for_timeout(600)  # let a rerun start before waiting for it to end
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def shoot(page: Page, name: str, size: ViewportSize) -> Path:
    """The whole page: the viewport grown to the main block's height, then a screenshot."""
    height = page.evaluate(
        "() => (document.querySelector('[data-testid=stMain]') || document.body).scrollHeight"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height), MAX_HEIGHT)})
    page.wait_for_timeout(800)  # charts re-lay out to the new size
    path = OUT / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


def classify(page: Page) -> None:
    page.get_by_text("All of them", exact=True).click()
    idle(page)
    page.get_by_text("Compare versions side by side").click()
    idle(page)


def text(page: Page) -> None:
    page.get_by_text("News", exact=True).click()
    idle(page)
    page.get_by_role("button", name="Classify texts").click()
    idle(page)


def similarity(page: Page) -> None:
    page.get_by_role("tab", name="Sentence similarity").click()
    page.get_by_text("Cats and markets", exact=True).click()
    idle(page)
    page.get_by_role("button", name="Compare sentences").click()
    idle(page)


def batch(page: Page, tmp: Path) -> None:
    from playwright.sync_api import expect

    archive = io.BytesIO()
    data = held_out()
    with zipfile.ZipFile(archive, "w") as zipped:
        for i in range(48):
            zipped.writestr(f"scans/{i:03d}-{data.labels[i]}.png", render(data.images[i]))
    path = tmp / "scans.zip"
    path.write_bytes(archive.getvalue())
    page.locator("input[type=file]").first.set_input_files(path)
    start = page.get_by_role("button", name="Classify 48 image(s)")
    expect(start).to_be_enabled(timeout=WAIT_MS)
    start.click()
    expect(page.get_by_text("Last run:")).to_be_visible(timeout=WAIT_MS)
    idle(page)


def status(page: Page, gateway: GatewayServer) -> None:
    """A few readings, two seconds apart, with some traffic (and a refused request) between."""
    from playwright.sync_api import expect

    page.get_by_test_id("stSelectbox").filter(has_text="Every").click()
    page.get_by_role("option", name="2 s", exact=True).click()
    files = [("files", (d.name, d.path.read_bytes(), "image/png")) for d in DIGITS]
    for readings in range(2, 6):
        for _ in range(readings):
            httpx.post(f"{gateway.url}/v1/image-classification/upload", files=files, timeout=30)
        httpx.post(f"{gateway.url}/v1/image-classification", json={"images": []}, timeout=30)
        expect(page.get_by_text(f"{readings} reading(s) kept", exact=False)).to_be_visible(
            timeout=WAIT_MS
        )


PAGES: dict[str, tuple[str, str, Callable[..., None] | None]] = {
    "classify": ("", "Classify", classify),
    "text": ("text", "Text", text),
    "text-similarity": ("text", "Text", similarity),
    "batch": ("batch", "Batch", batch),
    "models": ("models", "Models", None),
    "status": ("status", "Status", status),
}


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_of_every_page(
    ui_server: UiServer,
    gateway_server: GatewayServer,
    browser: Browser,
    width: str,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    size = WIDTHS[width]
    context = browser.new_context(viewport=size, is_mobile=width == "mobile")
    try:
        page = context.new_page()
        for name, (path, title, act) in PAGES.items():
            page.goto(f"{ui_server.url}/{path}")
            expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible(
                timeout=WAIT_MS
            )
            idle(page)
            if act is batch:
                batch(page, tmp_path)
            elif act is status:
                status(page, gateway_server)
            elif act is not None:
                act(page)
            shot = shoot(page, f"{name}-{width}", size)
            assert shot.stat().st_size > 10_000
        assert len(DIGITS) == 7
    finally:
        context.close()
