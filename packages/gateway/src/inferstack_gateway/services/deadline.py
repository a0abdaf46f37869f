"""A request's deadline: when the caller stops waiting for its answer.

Set by the caller (`X-Request-Timeout`, seconds) or by the gateway's default; every wait on the
request path is bounded by what is left of it, and Triton is told the same, so that its queue
drops work nobody waits for any more.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from inferstack_gateway.errors import DeadlineExceeded


@dataclass(frozen=True)
class Deadline:
    """`expires_at` on `time.perf_counter()`'s clock (the request's start time is on it too);
    `timeout_s` the budget it was made from."""

    expires_at: float
    timeout_s: float

    @classmethod
    def after(cls, timeout_s: float, *, start: float | None = None) -> Deadline:
        """The deadline `timeout_s` seconds after `start` (default: now)."""
        begin = time.perf_counter() if start is None else start
        return cls(begin + timeout_s, timeout_s)

    def remaining_s(self) -> float:
        """Seconds left; raises DeadlineExceeded (504) when none are."""
        left = self.expires_at - time.perf_counter()
        if left <= 0:
            raise DeadlineExceeded(
                f"the request's deadline of {self.timeout_s:g} s passed before Triton was asked"
            )
        return left
