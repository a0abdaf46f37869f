"""What the catalog's limits mean for the files a person picks, said once for every page."""

from __future__ import annotations

from inferstack_client.models import ModelInfo
from inferstack_sdk import RequestLimits
from inferstack_ui.formatting import MIB, count, pixels, size


def upload_mb(model: ModelInfo) -> int | None:
    """The largest image file one request can carry, in whole MB (the uploader's unit)."""
    largest = RequestLimits.of(model).largest_image(multipart=True)
    return None if largest is None else max(1, largest // MIB)


def image_limits(model: ModelInfo) -> str:
    """ "Requests up to 20 MiB, so each image up to 19 MB; 64 images per request; ..."."""
    limits = RequestLimits.of(model)
    parts = []
    mb = upload_mb(model)
    if limits.max_bytes is not None and mb is not None:
        parts.append(
            f"the gateway takes requests up to {size(limits.max_bytes)}, "
            f"so each image up to {mb} MB"
        )
    if limits.max_images is not None:
        parts.append(f"{count(limits.max_images)} images per request (more are sent in several)")
    if limits.max_pixels is not None:
        parts.append(f"at most {pixels(limits.max_pixels)} per image")
    if not parts:
        return "The gateway reports no limits for this model."
    text = "; ".join(parts)
    return f"From the gateway's catalog: {text}."
