"""The Streamlit UI as a supervised process, for the stack command and the tests."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from inferstack_tools.launcher.http_service import HttpService


def default_app_path() -> Path:
    """`streamlit_app.py` of the installed inferstack-ui package (editable in the workspace)."""
    import inferstack_ui

    return Path(inferstack_ui.__file__).resolve().parent / "streamlit_app.py"


class UiServer(HttpService):
    """`streamlit run streamlit_app.py` on `host:port`, talking to the gateway at `gateway_url`."""

    name = "UI"
    health_path = "/_stcore/health"
    port_setting = "STACK_UI_PORT"

    def __init__(self, *, gateway_url: str, app_path: Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.gateway_url = gateway_url
        self.app_path = app_path or default_app_path()

    def argv(self) -> Sequence[str]:
        return [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.app_path),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            self.host,
            "--browser.gatherUsageStats",
            "false",
        ]

    def child_env(self) -> dict[str, str]:
        return {
            # The viewer's toolbar: no "Deploy" button or developer menu in a served UI.
            "STREAMLIT_CLIENT_TOOLBAR_MODE": "viewer",
            **super().child_env(),
            "UI_GATEWAY_URL": self.gateway_url,
        }

    def describe(self) -> str:
        return f"UI       {self.url}  (gateway {self.gateway_url}, log: {self.log_file})"
