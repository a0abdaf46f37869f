"""Classifying many images so that every image gets its own result or its own reason.

Images go in chunks, one request per chunk, within the gateway's per-request limits when they
are given (`inferstack_sdk.chunks`), through the JSON route or the multipart one. When the
gateway rejects a chunk because of some of its images (a 4xx problem whose `errors` point at
`["body", "images", i]`, or at `["body", "files", i]`), exactly those images fail with the
gateway's reason and their chunk-mates are sent again one by one. A chunk that is too large
(413) is sent one image at a time too. Once the gateway is found unreachable, silent (timeout)
or refusing the API key, no further request goes out: the images not yet sent fail with that
reason ("not sent: ...").

A `BatchClassifier` may be shared by threads: `classify_chunk` is what a pool of workers calls
(see `inferstack_sdk.pool`), and the stop above holds for all of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from inferstack_sdk.calls import Gateway
from inferstack_sdk.chunks import RequestLimits, plan
from inferstack_sdk.problems import GatewayError
from inferstack_sdk.results import Classified, ImageResult, Upload
from inferstack_sdk.retries import RetryPolicy

DEFAULT_CHUNK_SIZE = 16
#: Where the gateway names a bad image: the JSON route's `images`, the multipart route's `files`.
IMAGE_FIELDS = ("images", "files")
#: Errors after which sending more is pointless: every later request would fail the same way.
STOP_KINDS = frozenset({"unreachable", "timeout", "unauthorized"})
CANCELLED = GatewayError("unexpected", "the batch was cancelled")

#: `progress(done, total)`: images with a result so far, and images in all.
Progress = Callable[[int, int], None]


class BatchClassifier:
    """Images through one gateway, with one model, version and top-k, chunk by chunk.

    `retry`: how to retry a request after a transient failure (None: never). `limits`: the
    gateway's per-request limits for the model (`RequestLimits.of(model_info)`), which chunks
    stay within. `multipart`: send files through the multipart route (no base64 inflation)
    rather than as base64 JSON. With `return_model_input`, each result also holds what the model
    read (`ImageResult.model_input`, a PNG). Per-item results come back in the order of the
    uploads given.
    """

    def __init__(
        self,
        gateway: Gateway,
        *,
        model: str,
        version: str | None = None,
        top_k: int = 3,
        retry: RetryPolicy | None = None,
        limits: RequestLimits | None = None,
        multipart: bool = False,
        return_model_input: bool = False,
    ) -> None:
        self.gateway = gateway
        self.model = model
        self.version = version
        self.top_k = top_k
        self.retry = retry
        self.limits = limits or RequestLimits()
        self.multipart = multipart
        self.return_model_input = return_model_input
        self._lock = threading.Lock()
        self._stop: GatewayError | None = None
        self._cancelled = threading.Event()

    @property
    def stopped(self) -> GatewayError | None:
        """The error that stopped all sending (unreachable, timeout, unauthorized), if any."""
        with self._lock:
            return self._stop

    def cancel(self) -> None:
        """Send nothing more; a retry waiting for its turn gives up at once."""
        self._halt(CANCELLED)
        self._cancelled.set()

    def classify(
        self,
        uploads: Sequence[Upload],
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        progress: Progress | None = None,
    ) -> list[ImageResult]:
        """Every upload's result, in order, `chunk_size` at most per request; `progress` after
        each request."""
        results: list[ImageResult] = []
        for chunk in self.chunks(uploads, chunk_size=chunk_size):
            results += self.classify_chunk(chunk)
            if progress is not None:
                progress(len(results), len(uploads))
        return results

    def chunks(
        self, uploads: Sequence[Upload], *, chunk_size: int = DEFAULT_CHUNK_SIZE
    ) -> list[Sequence[Upload]]:
        """`uploads` in the requests `classify` would send: in order, within the limits."""
        return plan(uploads, chunk_size=chunk_size, limits=self.limits, multipart=self.multipart)

    def classify_chunk(self, chunk: Sequence[Upload]) -> list[ImageResult]:
        """One request for `chunk` (split as the module says), one result per upload, in order."""
        stop = self.stopped
        if stop is not None:
            return [ImageResult(upload, error=stop, sent=False) for upload in chunk]
        if not chunk:
            return []
        outcome = self._send(chunk)
        if isinstance(outcome, Classified):
            return _answered(chunk, outcome)
        if outcome.kind in STOP_KINDS:
            self._halt(outcome)
            return [ImageResult(upload, error=outcome) for upload in chunk]
        named = {i for i in outcome.per_item(*IMAGE_FIELDS) if 0 <= i < len(chunk)}
        client_error = outcome.status is not None and 400 <= outcome.status < 500
        if len(chunk) > 1 and client_error and (named or outcome.status == 413):
            return [
                ImageResult(upload, error=outcome.for_item(i, *IMAGE_FIELDS))
                if i in named
                else self.classify_chunk([upload])[0]
                for i, upload in enumerate(chunk)
            ]
        return [
            ImageResult(upload, error=outcome.for_item(i, *IMAGE_FIELDS))
            for i, upload in enumerate(chunk)
        ]

    def _send(self, chunk: Sequence[Upload]) -> Classified | GatewayError:
        def send() -> Classified | GatewayError:
            call = self.gateway.classify_uploads if self.multipart else self.gateway.classify
            return call(
                chunk,
                model=self.model,
                version=self.version,
                top_k=self.top_k,
                return_model_input=self.return_model_input,
            )

        if self.retry is None:
            return send()
        return self.retry.call(send, cancelled=self._cancelled)

    def _halt(self, error: GatewayError) -> None:
        with self._lock:
            if self._stop is None:
                self._stop = error


def classify_files(
    gateway: Gateway,
    uploads: Sequence[Upload],
    *,
    model: str,
    version: str | None = None,
    top_k: int = 3,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Progress | None = None,
    limits: RequestLimits | None = None,
    multipart: bool = False,
    return_model_input: bool = False,
) -> list[ImageResult]:
    """`BatchClassifier(gateway, ...).classify(uploads, ...)`: one batch, no retries."""
    batch = BatchClassifier(
        gateway,
        model=model,
        version=version,
        top_k=top_k,
        limits=limits,
        multipart=multipart,
        return_model_input=return_model_input,
    )
    return batch.classify(uploads, chunk_size=chunk_size, progress=progress)


def _answered(chunk: Sequence[Upload], answer: Classified) -> list[ImageResult]:
    by_index = {result.index: result for result in answer.response.results}
    missing = GatewayError("unexpected", "the gateway answered without a result for it")
    results = []
    for index, upload in enumerate(chunk):
        result = by_index.get(index)
        if result is None or not result.predictions:
            results.append(ImageResult(upload, error=missing))
        else:
            seen = answer.model_input(index)
            results.append(ImageResult(upload, tuple(result.predictions), answer, model_input=seen))
    return results
