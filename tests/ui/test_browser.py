"""The UI in a real browser: Streamlit served by `UiServer`, headless Chromium driven by Playwright.

What only a browser shows: the order of the bars after an update, the page frame while the
gateway is silent, the assets the page loads, the toolbar, the drawing across pages, the page
list at 400 px, whole table cells. Uses Debian's /usr/bin/chromium (never a browser Playwright
downloads). Outside CI a machine without it skips these tests; in CI (CI=true) a missing
Chromium fails them.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

from inferstack_sdk import Classified, Gateway, GatewayConfig
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.ui import UiServer
from inferstack_ui.examples import DIGITS
from tests.digit_images import CANVAS_SIDE, SEVEN, SEVEN_CROSSBAR, Stroke
from tests.ui.conftest import DESKTOP, PHONE, WAIT_MS, SilentGateway, serve_ui

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

REQUEST_ID = re.compile(r"^[0-9a-f-]{16,}$")  # the gateway's request id, in a caption


def settled(page: Page) -> None:
    """Wait for a script run that shows its running indicator to finish."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


SHOWN_BARS = """() => [...document.querySelectorAll('.inferstack-bars')].map(
    set => [...set.querySelectorAll('.inferstack-bar')].map(b => b.dataset.label))"""


def shown_bars(page: Page) -> list[list[str]]:
    """The labels of every set of probability bars, in the order the page shows them."""
    rows: list[list[str]] = page.evaluate(SHOWN_BARS)
    return rows


def bars_become(page: Page, expected: list[list[str]]) -> list[list[str]]:
    """Poll until the page shows `expected` bars (or the wait ends); what it shows then."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"want => JSON.stringify(({SHOWN_BARS})()) === JSON.stringify(want)",
            arg=expected,
            timeout=WAIT_MS,
        )
    return shown_bars(page)


def choose(page: Page, select: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=select).click()
    page.get_by_role("option", name=option, exact=True).click()


def ranked(gateway: GatewayServer, version: str, top_k: int) -> list[str]:
    example = next(d for d in DIGITS if d.name == "five-shifted.png")
    with Gateway(GatewayConfig(gateway.url)) as client:
        answer = client.classify_uploads(
            [example.upload()], model="digits", version=version, top_k=top_k
        )
    assert isinstance(answer, Classified)
    return [p.label for p in answer.response.results[0].predictions]


def test_the_bars_take_each_answers_order(
    ui_server: UiServer, gateway_server: GatewayServer, page: Page
) -> None:
    """Defect 1: switching the version redraws the bars in the new answer's order."""
    from playwright.sync_api import expect

    first, second = ranked(gateway_server, "1", 3), ranked(gateway_server, "3", 3)
    assert first != second
    page.goto(ui_server.url)
    expect(page.get_by_role("heading", name="Classify")).to_be_visible(timeout=WAIT_MS)
    choose(page, "Version", "1")
    settled(page)
    page.get_by_text("5, shifted", exact=True).click()
    expect(page.get_by_role("heading", name=f"Prediction: {first[0]}")).to_be_visible(
        timeout=WAIT_MS
    )
    assert bars_become(page, [first]) == [first]

    choose(page, "Version", "default (now 3)")
    expect(page.get_by_role("heading", name=f"Prediction: {second[0]}")).to_be_visible(
        timeout=WAIT_MS
    )
    assert bars_become(page, [second]) == [second], "the new answer's order, not the old one"
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.inferstack-bar')].map(b => [
               b.dataset.probability,
               b.querySelector('[role=meter] > span').getBoundingClientRect().width /
               b.querySelector('[role=meter]').getBoundingClientRect().width])"""
    )
    for probability, share in widths:
        assert share == pytest.approx(float(probability), abs=0.01), "a fixed 0-1 scale"


def test_every_asset_is_served_here_and_the_toolbar_is_the_viewers(
    ui_server: UiServer, page: Page
) -> None:
    from playwright.sync_api import expect

    here = urlparse(ui_server.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: None
        if urlparse(request.url).scheme in ("data", "blob") or urlparse(request.url).netloc == here
        else elsewhere.append(request.url),
    )
    for name, path in [
        ("Classify", ""),
        ("Text", "text"),
        ("Batch", "batch"),
        ("Models", "models"),
        ("Status", "status"),
    ]:
        page.goto(f"{ui_server.url}/{path}")
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=WAIT_MS)
        settled(page)
        icons = page.evaluate(
            "() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)"
        )
        assert icons, "a page icon"
        assert all(urlparse(icon).netloc == here for icon in icons), icons
    assert elsewhere == [], "nothing from another server (fonts, icons, scripts)"
    expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    page.get_by_test_id("stMainMenu").click()
    expect(page.get_by_text("Clear cache")).to_have_count(0)
    expect(page.get_by_text("Rerun", exact=True)).to_have_count(0)


def test_the_frame_comes_first_while_the_gateway_is_silent(
    browser: Browser, tmp_path: Path
) -> None:
    """Defect 6: the page list and the title are there before the health check answers."""
    from playwright.sync_api import expect

    silent = SilentGateway()
    server = serve_ui(silent.url, tmp_path, UI_PROBE_TIMEOUT_S="30")
    context = browser.new_context(viewport=DESKTOP)
    try:
        opened = context.new_page()
        opened.goto(f"{server.url}/models")
        expect(opened.get_by_role("heading", name="Models", exact=True)).to_be_visible(
            timeout=20_000
        )
        nav = opened.get_by_test_id("stSidebarNav")
        for name in ("Classify", "Text", "Batch", "Models", "Status"):
            expect(nav.get_by_text(name, exact=True)).to_be_visible()
        assert opened.get_by_text("No answer", exact=True).count() == 0, "still asking"
        expect(opened.get_by_test_id("stSpinner").or_(opened.get_by_test_id("stStatusWidget")))
    finally:
        context.close()
        server.stop()
        silent.close()


def test_the_drawing_outlives_a_page_switch(ui_server: UiServer, page: Page) -> None:
    """Defect 5: the canvas drawing and its answer are there on coming back."""
    from playwright.sync_api import expect

    page.goto(ui_server.url)
    expect(page.get_by_role("heading", name="Classify")).to_be_visible(timeout=WAIT_MS)
    page.get_by_role("tab", name="Draw a digit").click()
    canvas = page.locator("canvas.upper-canvas")
    expect(canvas).to_be_visible(timeout=WAIT_MS)
    box = canvas.bounding_box()
    assert box is not None
    x, top = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.15
    page.mouse.move(x, top)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(x, top + box["height"] * 0.7 * step / 20)
    page.mouse.up()
    prediction = page.get_by_role("heading", name="Prediction:")
    expect(prediction).to_be_visible(timeout=WAIT_MS)
    settled(page)
    said = prediction.inner_text()

    page.get_by_test_id("stSidebarNav").get_by_text("Models", exact=True).click()
    expect(page.get_by_role("heading", name="Models", exact=True)).to_be_visible(timeout=WAIT_MS)
    page.get_by_test_id("stSidebarNav").get_by_text("Classify", exact=True).click()
    expect(page.get_by_role("heading", name="Classify")).to_be_visible(timeout=WAIT_MS)
    page.get_by_role("tab", name="Draw a digit").click()
    expect(page.get_by_role("heading", name="Prediction:")).to_have_text(said, timeout=WAIT_MS)
    ink = page.locator("canvas.dc-canvas.lower-canvas").evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let dark = 0;
                  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 128 && d[i] < 128) dark++;
                  return dark; }"""
    )
    assert ink > 100, "the stroke is back on the canvas"


def test_at_400_px_the_page_list_opens_and_tables_fit(
    ui_server: UiServer, browser: Browser
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(ui_server.url)
        expect(phone.get_by_role("heading", name="Classify")).to_be_visible(timeout=WAIT_MS)
        phone.get_by_test_id("stExpandSidebarButton").click()
        nav = phone.get_by_test_id("stSidebarNav")
        nav.get_by_text("Models", exact=True).click()
        expect(phone.get_by_role("heading", name="Models", exact=True)).to_be_visible(
            timeout=WAIT_MS
        )
        settled(phone)
        tables = phone.get_by_test_id("stTable")
        expect(tables.first).to_be_visible()
        clipped = phone.evaluate(
            """() => [...document.querySelectorAll('[data-testid=stTable] td')]
                   .filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.innerText)"""
        )
        assert clipped == [], "every cell shows its whole value"
        wider = phone.evaluate(
            """() => [...document.querySelectorAll('[data-testid=stTable] table')].filter(
                   t => t.getBoundingClientRect().right > window.innerWidth + 1
                        || t.scrollWidth > t.parentElement.clientWidth + 1
               ).map(t => t.innerText.slice(0, 60))"""
        )
        assert wider == [], "no table runs off the screen"
    finally:
        context.close()


def test_status_refreshes_on_its_own(ui_server: UiServer, page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(f"{ui_server.url}/status")
    read = page.get_by_text("Read at ")
    expect(read).to_be_visible(timeout=WAIT_MS)
    first = read.inner_text()
    expect(read).not_to_have_text(first, timeout=WAIT_MS)
    expect(page.get_by_text("2 reading(s) kept", exact=False)).to_be_visible(timeout=WAIT_MS)


def draw(page: Page, canvas: Locator, stroke: Stroke) -> None:
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


def test_a_seven_drawn_on_the_canvas_is_read_as_seven(ui_server: UiServer, page: Page) -> None:
    """Drawn with and without a crossbar, read by the default version (3), which shows what it
    saw: the 28x28 input the gateway made of the canvas."""
    from playwright.sync_api import expect

    page.goto(ui_server.url)
    expect(page.get_by_role("heading", name="Classify")).to_be_visible(timeout=WAIT_MS)
    page.get_by_role("tab", name="Draw a digit").click()
    canvas = page.locator("canvas.upper-canvas").first  # Fabric.js's drawing layer
    expect(canvas).to_be_visible(timeout=WAIT_MS)
    prediction = page.get_by_role("heading", name="Prediction:")
    seen = page.get_by_text("What the model saw (28x28)")

    (stroke,) = SEVEN  # without a crossbar: one stroke
    draw(page, canvas, stroke)
    expect(prediction).to_have_text("Prediction: 7", timeout=WAIT_MS)
    expect(seen).to_be_visible(timeout=WAIT_MS)
    settled(page)
    expect(page.get_by_text("version 3", exact=False).first).to_be_visible()
    request_id = page.locator("code", has_text=REQUEST_ID).first
    first_request = request_id.inner_text()

    draw(page, canvas, SEVEN_CROSSBAR[-1])  # the crossbar, a second stroke
    expect(request_id).not_to_have_text(first_request, timeout=WAIT_MS)  # sent again
    expect(prediction).to_have_text("Prediction: 7", timeout=WAIT_MS)
    expect(seen).to_be_visible(timeout=WAIT_MS)
