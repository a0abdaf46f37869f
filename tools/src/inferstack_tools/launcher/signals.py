"""Turn SIGTERM into the same clean shutdown path as Ctrl-C."""

from __future__ import annotations

import signal
import threading
from types import FrameType


class ShutdownRequested:
    """Set when SIGINT or SIGTERM arrives; `wait()` sleeps until then or a timeout."""

    def __init__(self) -> None:
        self._event = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self._event.set()

    def wait(self, timeout_s: float) -> bool:
        return self._event.wait(timeout_s)

    def __bool__(self) -> bool:
        return self._event.is_set()
