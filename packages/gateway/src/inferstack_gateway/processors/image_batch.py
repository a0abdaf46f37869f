"""Image files to one model batch, whatever the per-image conversion; model inputs back to PNGs.

Every image is tried; when any fail, ONE error is raised listing each failure (an
``ItemError("images", i, why)`` each), with the HTTP status of the first failure.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from PIL import Image

from inferstack_gateway.errors import (
    GatewayError,
    InvalidInput,
    ItemError,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from inferstack_gateway.processors.imaging import ImageLimits, decode_image

Grid = npt.NDArray[np.float32]
Convert = Callable[[Image.Image], Grid]
_IMAGE_ERRORS = (InvalidInput, PayloadTooLarge, UnsupportedMediaType)


def images_to_batch(
    images: Sequence[bytes], limits: ImageLimits, convert: Convert, shape: tuple[int, int]
) -> Grid:
    """Decode every image and `convert` it into one float32 ``[N, *shape]`` batch."""
    grids: list[Grid] = []
    failures: list[tuple[int, GatewayError]] = []
    for index, data in enumerate(images):
        try:
            grids.append(convert(decode_image(data, limits)))
        except GatewayError as exc:
            failures.append((index, exc))
    if failures:
        raise batch_error(failures, len(images))
    return np.stack(grids) if grids else np.zeros((0, *shape), dtype=np.float32)


def batch_error(failures: Sequence[tuple[int, GatewayError]], total: int) -> GatewayError:
    """One error for every failed image of a request, of the first failure's kind."""
    reasons = "; ".join(f"image {index}: {exc.detail}" for index, exc in failures)
    detail = f"{len(failures)} of {total} images could not be used: {reasons}"
    items = [ItemError("images", index, exc.detail) for index, exc in failures]
    first = failures[0][1]
    kind = type(first) if isinstance(first, _IMAGE_ERRORS) else InvalidInput
    return kind(detail, errors=items)


def grid_to_png(grid: Grid, full_scale: float) -> bytes:
    """A model input grid as an 8-bit grayscale PNG of the same size: 0 black, `full_scale`
    (the input's largest value, ink) white."""
    levels = np.clip(np.asarray(grid, dtype=np.float64) / full_scale, 0.0, 1.0)
    image = Image.fromarray(np.round(levels * 255).astype(np.uint8), mode="L")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
