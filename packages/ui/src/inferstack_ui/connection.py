"""The one gateway client of this process, shared by every session through `st.cache_resource`."""

from __future__ import annotations

import streamlit as st
from pydantic import SecretStr, ValidationError

from inferstack_sdk import Gateway
from inferstack_ui.gateway import connect
from inferstack_ui.settings import UiSettings, describe_invalid


def _close(gateway: object) -> None:
    """Closes the client's connections when Streamlit drops it from the cache."""
    if isinstance(gateway, Gateway):
        gateway.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def _gateway(gateway_url: str, api_key: str | None, timeout_s: float) -> Gateway:
    settings = UiSettings(
        gateway_url=gateway_url,
        api_key=SecretStr(api_key) if api_key is not None else None,
        timeout_s=timeout_s,
    )
    return connect(settings)


def get_gateway() -> Gateway:
    """The cached gateway for the current settings; stops the page with a message if invalid.

    Settings are read on every run (it is cheap), so the cache key follows the environment; the
    client itself, with its connection pool, is built once per distinct configuration.
    """
    try:
        settings = UiSettings()
    except ValidationError as exc:
        st.error(f"The UI settings are invalid: {describe_invalid(exc)}")
        st.stop()
    key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    return _gateway(settings.base_url, key, settings.timeout_s)
