"""The live catalog: the current snapshot, swapped whole by a background refresher.

Requests only read `Catalog.snapshot` (no lock, no I/O). A task reloads it from Triton every
`refresh_s` seconds; while Triton is unreachable it retries every `retry_s` seconds, so a model
catalog is back within about `retry_s` of Triton coming back. Calls to Triton made under
`observing()` report what they learn: Triton unreachable (the catalog is then `reachable` False
until a reload succeeds), or a model or version Triton no longer knows (an early reload).
Reloads asked for together coalesce into one. A failed reload keeps the last good snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator

from inferstack_gateway.catalog.entry import CatalogEntry, Resolved
from inferstack_gateway.catalog.snapshot import CatalogSnapshot
from inferstack_gateway.errors import GatewayError, NotFound, TritonUnavailable

_log = logging.getLogger("inferstack.gateway")

Load = Callable[[], Awaitable[CatalogSnapshot]]


class Catalog:
    """The current `CatalogSnapshot`, kept fresh by `run()` (started by the app's lifespan)."""

    def __init__(self, load: Load, *, refresh_s: float, retry_s: float) -> None:
        self._load = load
        self._refresh_s = refresh_s
        self._retry_s = min(retry_s, refresh_s)
        self._snapshot = CatalogSnapshot()
        self._wake = asyncio.Event()
        self._reachable = True

    @property
    def snapshot(self) -> CatalogSnapshot:
        return self._snapshot

    def get(self, model: str) -> CatalogEntry:
        """See `CatalogSnapshot.get`: answered from the current snapshot, never a reload."""
        return self._snapshot.get(model)

    def resolve(self, model: str, version: str | None) -> Resolved:
        """See `CatalogSnapshot.resolve`."""
        return self._snapshot.resolve(model, version)

    @property
    def reachable(self) -> bool:
        """False from a failed reload or call to Triton until a reload succeeds."""
        return self._reachable

    def check_reachable(self) -> None:
        """Raise TritonUnavailable (503) while Triton is known to be unreachable: the
        snapshot's version states may no longer hold."""
        if not self._reachable:
            raise TritonUnavailable(
                "Triton is unreachable; the model catalog is reloaded once it answers"
            )

    def request_refresh(self) -> None:
        """Reload soon, in the background (several requests make one reload)."""
        self._wake.set()

    @contextlib.contextmanager
    def observing(self) -> Iterator[None]:
        """Wrap a call to Triton: an unreachable Triton marks the catalog unreachable, and a
        model or version Triton does not know asks for a reload; the error is re-raised."""
        try:
            yield
        except TritonUnavailable:
            self._reachable = False
            self.request_refresh()
            raise
        except NotFound:
            self.request_refresh()
            raise

    async def refresh(self) -> bool:
        """Reload now; True when it succeeded. A failure is logged (once per outage) and the
        last good snapshot stays."""
        try:
            snapshot = await self._load()
        except GatewayError as exc:
            if self._reachable:
                when = "refreshed" if self._snapshot.loaded else "loaded at start-up"
                _log.warning("model catalog not %s: %s", when, exc.detail)
            self._reachable = False
            if not self._snapshot.loaded:
                self._snapshot = CatalogSnapshot(not_loaded_reason=exc.detail)
            return False
        if not self._reachable:
            _log.info("model catalog loaded again: Triton answers")
        self._reachable = True
        self._snapshot = snapshot  # one assignment: readers see the old or the new, whole
        return True

    async def run(self) -> None:
        """Refresh forever: every `refresh_s`, or `retry_s` after a failure, or when asked."""
        while True:
            wait = self._refresh_s if self._reachable else self._retry_s
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)
            self._wake.clear()
            await self.refresh()
