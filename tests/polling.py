"""Waiting for a condition by polling it, never by sleeping a fixed time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_INTERVAL_S = 0.01


def poll(read: Callable[[], T], done: Callable[[T], bool], timeout_s: float) -> T:
    """Call `read` until `done` holds of what it returned, or `timeout_s` has passed; the last
    value read either way, for the caller to assert on."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = read()
        if done(value) or time.monotonic() >= deadline:
            return value
        time.sleep(_INTERVAL_S)
