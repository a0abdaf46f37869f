"""Trying a call again after a transient failure, with exponential backoff and jitter."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from inferstack_sdk.problems import GatewayError

T = TypeVar("T")

#: Statuses worth another try: too many requests, and a gateway or Triton briefly away or slow.
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})


def is_transient(error: GatewayError) -> bool:
    """Whether trying again may work: a transient status, no connection, no answer in time, or
    an answer that could not be read (a proxy's page, a cut-off body)."""
    if error.status is not None:
        return error.status in TRANSIENT_STATUSES
    return error.kind in ("unreachable", "timeout", "unexpected")


@dataclass(frozen=True)
class RetryPolicy:
    """`retries` more tries after a transient failure (0: none).

    Before try n+1 (n from 0) it waits `backoff_s * 2**n` seconds, at most `max_backoff_s`,
    jittered down to half of that at random, and never less than the answer's `Retry-After`
    (itself capped at `max_backoff_s`).
    """

    retries: int = 0
    backoff_s: float = 0.5
    max_backoff_s: float = 30.0

    def delay(self, attempt: int, retry_after_s: float | None = None) -> float:
        """Seconds to wait after failed try `attempt` (0-based)."""
        delay = min(self.max_backoff_s, self.backoff_s * 2.0**attempt)
        delay *= random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not cryptography
        if retry_after_s is not None:
            delay = max(delay, min(retry_after_s, self.max_backoff_s))
        return delay

    def call(
        self,
        send: Callable[[], T | GatewayError],
        *,
        cancelled: threading.Event | None = None,
    ) -> T | GatewayError:
        """`send()`'s result, or its last error once it is not transient or the tries ran out.

        A transient error given up on carries `attempts`, the number of tries made. Setting
        `cancelled` ends a wait at once and makes no further try.
        """
        cancelled = cancelled if cancelled is not None else threading.Event()
        attempts = self.retries + 1
        attempt = 0
        while True:
            outcome = send()
            if not isinstance(outcome, GatewayError) or not is_transient(outcome):
                return outcome
            attempt += 1
            if attempt >= attempts:
                return replace(outcome, attempts=attempt)
            if cancelled.wait(self.delay(attempt - 1, outcome.retry_after_s)):
                return replace(outcome, attempts=attempt)
