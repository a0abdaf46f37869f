"""The UI's gateway: the sdk's `Gateway`, configured from `UiSettings`, its messages naming UI_*."""

from __future__ import annotations

from inferstack_sdk import Gateway, GatewayConfig, Hints
from inferstack_ui.settings import UiSettings

#: What the UI's error messages tell a person to do.
UI_HINTS = Hints(
    unreachable="Is it running? Start it with `./dev stack`, or point UI_GATEWAY_URL at it.",
    timeout="It may be overloaded, or Triton may be slow; try again (or raise UI_TIMEOUT_S).",
    probe_timeout="It accepts connections but does not answer: is it overloaded or stuck?",
    api_key="set UI_API_KEY",
    reader="the UI",
)


def connect(settings: UiSettings) -> Gateway:
    """The gateway of `settings`, sending the API key (if any) as `X-API-Key`."""
    api_key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    config = GatewayConfig(
        url=settings.base_url,
        api_key=api_key or None,
        key_header="X-API-Key",
        timeout_s=settings.timeout_s,
        probe_timeout_s=settings.probe_timeout_s,
        hints=UI_HINTS,
    )
    return Gateway(config)
