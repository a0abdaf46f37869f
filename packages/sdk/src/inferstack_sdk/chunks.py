"""Splitting a batch into requests the gateway accepts: its per-request limits, from the catalog.

The gateway reports what one request to a model may hold (`ModelInfo.limits`): images per
request and bytes per request body. A batch is cut into chunks that stay within both, so that a
chunk is never refused as a whole for its size (413). An image that alone exceeds the byte limit
goes in a chunk of its own; the gateway then names it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inferstack_client.models import ModelInfo
from inferstack_client.types import Unset
from inferstack_sdk.results import Upload

#: Bytes a request spends besides its images (headers, the other fields), generously.
REQUEST_OVERHEAD = 2048
#: Bytes one image spends besides its data, plus its name: a multipart part's headers and
#: boundary, or the JSON object around a base64 string.
ITEM_OVERHEAD = 256


@dataclass(frozen=True)
class RequestLimits:
    """What one request may hold; None: no limit known."""

    max_images: int | None = None
    max_bytes: int | None = None
    max_pixels: int | None = None

    @classmethod
    def of(cls, model: ModelInfo) -> RequestLimits:
        """The limits the catalog reports for `model` (its task's)."""
        if isinstance(model.limits, Unset):
            return cls()
        values = model.limits.additional_properties
        return cls(
            max_images=values.get("max_images_per_request"),
            max_bytes=values.get("max_request_bytes"),
            max_pixels=values.get("max_image_pixels"),
        )

    def largest_image(self, *, multipart: bool = True) -> int | None:
        """The largest image file one request can carry alone, in bytes (None: no limit)."""
        if self.max_bytes is None:
            return None
        room = self.max_bytes - REQUEST_OVERHEAD - ITEM_OVERHEAD
        return max(0, room if multipart else room * 3 // 4)


def request_bytes(upload: Upload, *, multipart: bool) -> int:
    """What `upload` adds to a request body: its bytes, or their base64 (a third more)."""
    data = len(upload.data) if multipart else 4 * ((len(upload.data) + 2) // 3)
    return data + ITEM_OVERHEAD + len(upload.name.encode())


def plan(
    uploads: Sequence[Upload],
    *,
    chunk_size: int,
    limits: RequestLimits | None = None,
    multipart: bool = False,
) -> list[Sequence[Upload]]:
    """`uploads` cut in order into chunks of at most `chunk_size` images within `limits`."""
    limits = limits or RequestLimits()
    size = max(1, chunk_size)
    if limits.max_images is not None:
        size = max(1, min(size, limits.max_images))
    budget = None if limits.max_bytes is None else limits.max_bytes - REQUEST_OVERHEAD
    chunks: list[Sequence[Upload]] = []
    start, used = 0, 0
    for index, upload in enumerate(uploads):
        cost = request_bytes(upload, multipart=multipart)
        full = index - start >= size
        over = budget is not None and index > start and used + cost > budget
        if full or over:
            chunks.append(uploads[start:index])
            start, used = index, 0
        used += cost
    if start < len(uploads):
        chunks.append(uploads[start:])
    return chunks
