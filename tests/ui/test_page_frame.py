"""What every page shares, run by AppTest: the frame first, the gateway's health in the sidebar,
short cached probes, and a message (never a traceback) for a gateway that is down, silent or
refusing."""

from __future__ import annotations

import pytest
import streamlit as st

from inferstack_tools.launcher.gateway import GatewayServer
from tests.ui.conftest import PAGES, SilentGateway, open_page, route_count, texts

TITLES = {
    "classify": "Classify",
    "text": "Text",
    "batch": "Batch",
    "models": "Models",
    "history": "History",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_when_the_gateway_is_down(
    page: str, closed_port_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UI_GATEWAY_URL", closed_port_url)
    at = open_page(page)
    assert not at.exception
    assert texts(at.title) == [TITLES.get(page, "Status")], "the frame is there all the same"
    errors = texts(at.error)
    assert any(f"The gateway at {closed_port_url} is unreachable" in t for t in errors), errors
    sidebar = [str(e.value) for e in at.sidebar.error]
    assert sidebar == ["Unreachable"]
    assert closed_port_url in [str(c.value) for c in at.sidebar.code]


@pytest.mark.parametrize("page", ["classify", "models"])
def test_a_gateway_that_never_answers_costs_one_short_timeout(
    page: str, silent: SilentGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defect 6: health and catalog wait 2 s at most, not the 30 s of an inference call, and
    their answers (a timeout too) are reused for a few seconds rather than asked on every click.
    """
    monkeypatch.setenv("UI_GATEWAY_URL", silent.url)
    monkeypatch.setenv("UI_CACHE_TTL_S", "600")  # no expiry within the test, however slow
    at = open_page(page)
    assert not at.exception
    assert texts(at.title) == [TITLES[page]]
    assert [str(e.value) for e in at.sidebar.error] == ["No answer"]
    errors = texts(at.error)
    assert any(f"The gateway at {silent.url} did not answer within 2 s" in t for t in errors), (
        errors
    )
    asked = silent.connections
    assert asked == 2, "one health call and one catalog call"
    at.run()
    at.switch_page("app_pages/text.py").run()
    assert not at.exception
    assert silent.connections == asked, "nothing asked again"


def test_health_and_catalog_are_reused_between_clicks(
    live: GatewayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UI_CACHE_TTL_S", "600")  # no expiry within the test, however slow
    at = open_page("models")
    assert not at.exception
    health, catalog = route_count(live, "/healthz"), route_count(live, "/v1/models")
    at.run()
    at.switch_page("app_pages/classify.py").run()
    at.switch_page("app_pages/text.py").run()
    assert not at.exception
    assert route_count(live, "/healthz") == health
    assert route_count(live, "/v1/models") == catalog


def test_the_toolbar_is_the_viewers(live: GatewayServer) -> None:
    open_page("models")
    assert st.get_option("client.toolbarMode") == "viewer"


def test_invalid_settings_are_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UI_TIMEOUT_S", "soon")
    at = open_page("status")
    assert not at.exception
    assert any("UI_TIMEOUT_S" in t for t in texts(at.error)), texts(at.error)


def test_a_wrong_api_key_is_named(
    secured_gateway_server: GatewayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UI_GATEWAY_URL", secured_gateway_server.url)
    monkeypatch.setenv("UI_API_KEY", "not-the-key")
    at = open_page("models")
    assert not at.exception
    assert any("API key missing or wrong (set UI_API_KEY)" in t for t in texts(at.error))
