"""What the request path hands the prediction log: a small record, built from what the request
already has, with no formatting and no copies of big inputs.

Images are hashed here (SHA-256, so the bytes need not be kept); everything else is kept by
reference and summarised by the writer (`rows.py`), off the request path.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from inferstack_schemas import Problem
from inferstack_schemas.v2 import InferenceRequest


@dataclass(slots=True)
class InputCapture:
    """The inputs of one request, as the route saw them."""

    kind: str  # images, texts or tensors
    sizes: list[int]
    sha256: list[str]
    labels: int | None = None
    tensors: list[str] | None = None
    raw: list[str] | None = None  # only when raw inputs are kept and fit the cap
    texts: Sequence[str] | None = None  # by reference; measured by the writer


@dataclass(slots=True)
class PendingRecord:
    """One answered request, waiting in the queue."""

    request_id: str
    time_ms: int
    route: str
    model: str | None
    version: str | None
    status: int
    latency_ms: float
    caller: str | None
    inputs: InputCapture | None
    answer: object  # the service's answer (None on a failure)
    problem: Problem | None


def capture_images(images: Sequence[bytes], raw_max_bytes: int | None) -> InputCapture:
    """Sizes and SHA-256 of each image; the images themselves (base64) when `raw_max_bytes`
    is set and they fit in it."""
    sizes = [len(image) for image in images]
    digests = [hashlib.sha256(image).hexdigest() for image in images]
    raw = None
    if raw_max_bytes is not None and sum(sizes) <= raw_max_bytes:
        raw = [base64.b64encode(image).decode("ascii") for image in images]
    return InputCapture("images", sizes, digests, raw=raw)


def capture_texts(texts: Sequence[str], labels: Sequence[str] | None) -> InputCapture:
    """The texts by reference (the writer measures them, and keeps them when raw inputs are
    kept and they fit), and the label count."""
    count = None if labels is None else len(labels)
    return InputCapture("texts", [], [], labels=count, texts=texts)


def capture_tensors(body: InferenceRequest, raw_max_bytes: int | None) -> InputCapture:
    """Each input tensor's name, datatype and shape."""
    tensors = [f"{t.name}:{t.datatype}{list(t.shape)}" for t in body.inputs]
    raw = None
    if raw_max_bytes is not None:
        text = body.model_dump_json(exclude_none=True)
        if len(text) <= raw_max_bytes:
            raw = [text]
    return InputCapture("tensors", [], [], tensors=tensors, raw=raw)
