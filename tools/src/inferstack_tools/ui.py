"""The Streamlit UI as a supervised process, for the stack command and the tests."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from inferstack_tools.process import ManagedProcess, connect_host, http_ok, port_is_free

#: The UI's entry script, inside the inferstack-ui package (an editable install in the workspace).
APP_PATH = (
    Path(__file__).resolve().parents[3]
    / "packages"
    / "ui"
    / "src"
    / "inferstack_ui"
    / "streamlit_app.py"
)


def default_app_path() -> Path:
    """Where `streamlit_app.py` is: found through the installed package, else in this checkout."""
    try:
        import inferstack_ui
    except ImportError:  # pragma: no cover - the workspace always installs it
        return APP_PATH
    return Path(inferstack_ui.__file__).resolve().parent / "streamlit_app.py"


class UiServer:
    """`streamlit run streamlit_app.py` on `host:port`, talking to the gateway at `gateway_url`."""

    name = "UI"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        gateway_url: str,
        log_file: Path,
        env: Mapping[str, str] | None = None,
        app_path: Path | None = None,
        startup_timeout_s: float = 60.0,
        stop_timeout_s: float = 10.0,
    ) -> None:
        self.host = host
        self.port = port
        self.gateway_url = gateway_url
        self.log_file = log_file
        self.env = dict(env or {})
        self.app_path = app_path or default_app_path()
        self.startup_timeout_s = startup_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self._process: ManagedProcess | None = None

    @property
    def url(self) -> str:
        return f"http://{connect_host(self.host)}:{self.port}"

    def describe(self) -> str:
        return f"UI       {self.url}  (gateway {self.gateway_url}, log: {self.log_file})"

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_running()

    def start(self) -> None:
        if not port_is_free(self.host, self.port):
            raise RuntimeError(
                f"port {self.port} on {self.host} is already in use; choose another with "
                "STACK_UI_PORT"
            )
        process = ManagedProcess(
            "ui",
            [
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
            ],
            self.log_file,
            env={
                # The viewer's toolbar: no "Deploy" button or developer menu in a served UI.
                "STREAMLIT_CLIENT_TOOLBAR_MODE": "viewer",
                **os.environ,
                **self.env,
                "UI_GATEWAY_URL": self.gateway_url,
            },
        )
        self._process = process
        process.start()
        try:
            process.wait_until(
                lambda: http_ok(f"{self.url}/_stcore/health"), self.startup_timeout_s
            )
        except (RuntimeError, TimeoutError):
            process.stop(self.stop_timeout_s)
            raise

    def stop(self) -> int | None:
        if self._process is None:
            return None
        code = self._process.stop(self.stop_timeout_s)
        self._process = None
        return code
