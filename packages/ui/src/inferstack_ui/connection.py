"""The one gateway client of this process, shared by every session through `st.cache_resource`,
and its cached health and catalog (`Probes`)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from pydantic import SecretStr, ValidationError

from inferstack_sdk import Gateway
from inferstack_ui.gateway import connect
from inferstack_ui.probes import Probes
from inferstack_ui.settings import UiSettings, describe_invalid


@dataclass(frozen=True)
class Connection:
    gateway: Gateway
    probes: Probes


def _close(connection: object) -> None:
    """Closes the client's connections when Streamlit drops it from the cache."""
    if isinstance(connection, Connection):
        connection.gateway.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def _connection(
    gateway_url: str,
    api_key: str | None,
    timeout_s: float,
    probe_timeout_s: float,
    cache_ttl_s: float,
) -> Connection:
    settings = UiSettings(
        gateway_url=gateway_url,
        api_key=SecretStr(api_key) if api_key is not None else None,
        timeout_s=timeout_s,
        probe_timeout_s=probe_timeout_s,
        cache_ttl_s=cache_ttl_s,
    )
    gateway = connect(settings)
    return Connection(gateway, Probes(gateway, settings.cache_ttl_s))


def get_connection() -> Connection:
    """The cached connection for the current settings; stops the page with a message if invalid.

    Settings are read on every run (it is cheap), so the cache key follows the environment; the
    client itself, with its connection pool, is built once per distinct configuration.
    """
    try:
        settings = UiSettings()
    except ValidationError as exc:
        st.error(f"The UI settings are invalid: {describe_invalid(exc)}")
        st.stop()
    key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    return _connection(
        settings.base_url, key, settings.timeout_s, settings.probe_timeout_s, settings.cache_ttl_s
    )


def get_gateway() -> Gateway:
    """The cached gateway for the current settings (see `get_connection`)."""
    return get_connection().gateway


def get_probes() -> Probes:
    """The cached health and catalog of the current gateway (see `get_connection`)."""
    return get_connection().probes
