"""A batch classified in the background, its results kept as they arrive.

The page starts a `BatchJob` and keeps it in session state; a thread sends the chunks one by one
(`BatchClassifier.classify_chunk`) and appends each chunk's results as it is answered. The page
only reads the job, so it can be left and come back to, a rerun never restarts the batch, and
Stop ends it after the request in flight, keeping every result so far.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from inferstack_sdk import BatchClassifier, Gateway, ImageResult, RequestLimits, Upload
from inferstack_sdk.problems import describe
from inferstack_ui.thumbnails import thumbnail

State = Literal["running", "done", "stopped", "failed"]


@dataclass(frozen=True)
class JobView:
    """The job at one moment: what was asked, what is done, how fast."""

    model: str
    version_choice: str  # "default" or a version number, as picked
    total: int
    results: tuple[ImageResult, ...]
    thumbnails: tuple[str | None, ...]
    state: State
    elapsed_s: float
    failure: str | None = None

    @property
    def done(self) -> int:
        return len(self.results)

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def images_per_s(self) -> float | None:
        return self.done / self.elapsed_s if self.elapsed_s > 0 and self.done else None

    @property
    def eta_s(self) -> float | None:
        """Seconds left at the pace so far (None before the first answer or once ended)."""
        rate = self.images_per_s
        if not self.running or rate is None:
            return None
        return (self.total - self.done) / rate


class BatchJob:
    """`uploads` through `gateway` in a thread; `view()` at any time, `stop()` to end early."""

    def __init__(
        self,
        gateway: Gateway,
        uploads: Sequence[Upload],
        *,
        model: str,
        version: str | None,
        version_choice: str,
        limits: RequestLimits | None = None,
        chunk_size: int = 16,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.uploads = tuple(uploads)
        self.model = model
        self.version_choice = version_choice
        self._batch = BatchClassifier(
            gateway, model=model, version=version, top_k=3, limits=limits, multipart=True
        )
        self._chunks = self._batch.chunks(self.uploads, chunk_size=chunk_size)
        self._clock = clock
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._results: list[ImageResult] = []
        self._thumbnails: list[str | None] = []
        self._state: State = "running"
        self._failure: str | None = None
        self._started = clock()
        self._ended: float | None = None
        self._thread = threading.Thread(target=self._run, name="inferstack-ui-batch", daemon=True)

    def start(self) -> BatchJob:
        self._started = self._clock()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Send nothing more; the request in flight, if any, is answered and kept."""
        self._stop.set()

    def view(self) -> JobView:
        with self._changed:
            return self._view_locked()

    def wait_until(self, done: Callable[[JobView], bool], timeout_s: float) -> bool:
        """Block until `done(view)` holds (True) or `timeout_s` passes (False)."""
        with self._changed:
            return self._changed.wait_for(lambda: done(self._view_locked()), timeout_s)

    def _view_locked(self) -> JobView:
        end = self._ended if self._ended is not None else self._clock()
        return JobView(
            self.model,
            self.version_choice,
            len(self.uploads),
            tuple(self._results),
            tuple(self._thumbnails),
            self._state,
            end - self._started,
            self._failure,
        )

    def _run(self) -> None:
        state: State = "done"
        failure = None
        try:
            for chunk in self._chunks:
                if self._stop.is_set():
                    state = "stopped"
                    break
                results = self._batch.classify_chunk(chunk)
                pictures = [thumbnail(r.upload.data) for r in results]
                with self._changed:
                    self._results += results
                    self._thumbnails += pictures
                    self._changed.notify_all()
        except Exception as exc:  # a bug must not leave the page waiting for ever
            state, failure = "failed", describe(exc)
        with self._changed:
            self._state = state
            self._failure = failure
            self._ended = self._clock()
            self._changed.notify_all()
