"""One gateway client per process (per configuration), through `st.cache_resource`."""

from __future__ import annotations

import pytest

from inferstack_ui.connection import get_gateway


def test_the_client_is_built_once_and_follows_the_settings(
    monkeypatch: pytest.MonkeyPatch, closed_port_url: str
) -> None:
    monkeypatch.setenv("UI_GATEWAY_URL", closed_port_url)
    first = get_gateway()
    assert get_gateway() is first
    assert first.url == closed_port_url

    monkeypatch.setenv("UI_GATEWAY_URL", "http://127.0.0.1:9")
    other = get_gateway()
    assert other is not first
    assert other.url == "http://127.0.0.1:9"
