"""UI settings: UI_* variables, and API_GATEWAY_URL as the reference design names it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from inferstack_ui.settings import DEFAULT_GATEWAY_URL, UiSettings, describe_invalid


def test_defaults() -> None:
    settings = UiSettings()
    assert settings.gateway_url == DEFAULT_GATEWAY_URL
    assert settings.api_key is None
    assert settings.timeout_s > 0


def test_ui_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UI_GATEWAY_URL", "http://gateway:9000/")
    monkeypatch.setenv("UI_API_KEY", "k-123")
    monkeypatch.setenv("UI_TIMEOUT_S", "2.5")
    settings = UiSettings()
    assert settings.base_url == "http://gateway:9000"
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "k-123"
    assert "k-123" not in repr(settings)
    assert settings.timeout_s == 2.5


def test_api_gateway_url_is_accepted_and_ui_gateway_url_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("API_GATEWAY_URL", "http://api:8080")
    assert UiSettings().gateway_url == "http://api:8080"
    monkeypatch.setenv("UI_GATEWAY_URL", "http://ui:8080")
    assert UiSettings().gateway_url == "http://ui:8080"


def test_invalid_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UI_GATEWAY_URL", "gateway:8080")
    monkeypatch.setenv("UI_TIMEOUT_S", "-1")
    with pytest.raises(ValidationError) as caught:
        UiSettings()
    message = describe_invalid(caught.value)
    assert "UI_GATEWAY_URL" in message
    assert "UI_TIMEOUT_S" in message
