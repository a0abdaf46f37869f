"""The gateway's health and catalog, reused for a few seconds instead of asked on every click.

Every interaction reruns a Streamlit page; without this, each rerun would call `/healthz` and
`/v1/models` again, and a gateway that never answers would cost a timeout on every click. An
answer, or an error, is kept for `ttl_s` seconds and shared by every session of this process
(one `Probes` per gateway configuration, see `inferstack_ui.connection`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from inferstack_client.models import ModelList
from inferstack_sdk import Gateway, GatewayError

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    expires: float


class TtlCache:
    """Values by key, each kept `ttl_s` seconds after it was computed; safe to share by threads.

    Two callers that miss at once may both compute: the cache saves repeats, it is not a lock.
    """

    def __init__(self, ttl_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self._entries: dict[str, _Entry[object]] = {}
        self._lock = threading.Lock()

    def get(self, key: str, compute: Callable[[], T]) -> T:
        now = self.clock()
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and now < entry.expires:
            value: T = entry.value  # type: ignore[assignment]
            return value
        fresh = compute()
        with self._lock:
            self._entries[key] = _Entry(fresh, self.clock() + self.ttl_s)
        return fresh

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()


class Probes:
    """`gateway`'s liveness and catalog, each asked at most once per `ttl_s` seconds."""

    def __init__(
        self, gateway: Gateway, ttl_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.gateway = gateway
        self.cache = TtlCache(ttl_s, clock)

    def liveness(self) -> bool | GatewayError:
        return self.cache.get("liveness", self.gateway.liveness)

    def catalog(self) -> ModelList | GatewayError:
        return self.cache.get("catalog", self.gateway.catalog)
