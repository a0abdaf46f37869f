"""The History page in Debian's Chromium (Playwright): a mix of requests in the prediction log,
the page with its four charts, a row selected and its record; the screenshot for the docs."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.ui import UiServer
from tests.digit_images import held_out, render
from tests.polling import poll
from tests.ui.conftest import WAIT_MS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

HISTORY_SCREENSHOT = Path(__file__).resolve().parents[2] / ".var" / "screenshots" / "history.png"


def _fill_the_log(gateway: GatewayServer) -> None:
    """A mix of requests for the History page: both digits versions, both text operations, and
    client errors; returns once the last of them is in the log (the writer flushes in batches)."""
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
        last = f"history-{uuid.uuid4().hex}"
        for i in range(24):  # last: the newest row, the one the test selects, is an image
            image = base64.b64encode(render(data.images[i])).decode()
            body = {"images": [{"data": image}], "version": "1" if i % 3 == 0 else "2"}
            headers = {"X-Request-ID": last} if i == 23 else {}
            sent = client.post("/v1/image-classification", json=body, headers=headers)
            assert sent.status_code == 200
        stored = poll(lambda: client.get(f"/v1/predictions/{last}").status_code, _found, 30)
        assert stored == 200, f"the last request is not in the prediction log: {stored}"


def _found(status: int) -> bool:
    return status == 200


def test_history_page_in_the_browser(
    browser: Browser, ui_server: UiServer, gateway_server: GatewayServer
) -> None:
    from playwright.sync_api import expect

    _fill_the_log(gateway_server)
    # Tall enough for the whole page: Streamlit scrolls inside its main section.
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    try:
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
        page.close()
    print(f"screenshot: {HISTORY_SCREENSHOT}")
    assert HISTORY_SCREENSHOT.stat().st_size > 0
