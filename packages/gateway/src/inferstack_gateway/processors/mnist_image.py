"""Turn a picture of one digit into an MNIST-style square: the ink fitted into a box keeping its
aspect ratio, then centred on the square by its centre of mass, values 0..1 with the ink high.

This is how the MNIST data set was made (the ink of each digit fitted into 20x20, then placed in
28x28 so that its centre of mass is the centre), and the input of ``digits`` version 3. The
steps, from a photo, a scan or a paint-program export of any size, polarity or background:

    grey -> shrink -> ink up (polarity) -> background removed -> cropped to the ink
         -> fitted into box x box (area averaging; bilinear when enlarging)
         -> scaled so the stroke level is 1 -> placed by centre of mass in side x side

The first steps are those of the 8x8 pipeline (`ink.py`), so both read a picture the same way.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PIL import Image

from inferstack_gateway.errors import InvalidInput
from inferstack_gateway.processors.ink import (
    BOX_FRACTION,
    Plane,
    fit,
    ink_bounding_box,
    ink_is_dark,
    place,
    remove_background,
    shrink,
    to_grayscale,
    to_ink,
)
from inferstack_gateway.processors.levels import percentile

Square = npt.NDArray[np.float32]

NO_DIGIT = "image has no visible digit (it is blank or has too little contrast)"
# The stroke level: this percentile of the inked pixels of the fitted digit becomes 1. A high
# percentile rather than the maximum, so that one bright speck does not dim the whole digit.
STROKE_PERCENTILE = 90.0


def image_to_square(image: Image.Image, side: int, box: int) -> Square:
    """The MNIST-style input for `image`: float32 ``(side, side)``, values 0..1, ink high.

    Raises InvalidInput when the image shows nothing that stands out from its background.
    """
    gray = shrink(to_grayscale(image))
    ink = remove_background(to_ink(gray, ink_is_dark(gray)))
    found = ink_bounding_box(ink)
    if found is None:
        raise InvalidInput(NO_DIGIT)
    top, bottom, left, right = found
    return ink_to_square(ink[top:bottom, left:right], side, box)


def ink_to_square(crop: Plane, side: int, box: int) -> Square:
    """`crop` (ink high, background 0, cropped to the ink) fitted into `box` x `box` keeping its
    aspect ratio, scaled to the stroke level, and centred by its centre of mass in `side` x
    `side` (as far as the box stays inside the square)."""
    fitted = _fit_any(crop, box)
    inked = fitted[fitted > BOX_FRACTION * float(fitted.max())]
    if inked.size == 0:
        raise InvalidInput(NO_DIGIT)
    level = percentile(inked, STROKE_PERCENTILE)
    fitted = np.divide(fitted, level, out=fitted).clip(0.0, 1.0, out=fitted)
    height, width = fitted.shape
    row, col = centre_of_mass(fitted)
    top = min(max(side / 2 - row, 0.0), side - height)
    left = min(max(side / 2 - col, 0.0), side - width)
    return place(fitted, side, top, left).astype(np.float32)


def _fit_any(crop: Plane, box: int) -> Plane:
    """`fit` (area averaging) when shrinking; bilinear when enlarging a crop smaller than the
    box, where area averaging would repeat pixels into blocks."""
    height, width = crop.shape
    if max(height, width) >= box:
        return fit(crop, box)
    scale = box / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    pixels = np.ascontiguousarray(crop, dtype=np.float32)
    image = Image.frombuffer("F", (width, height), pixels, "raw", "F", 0, 1)
    resized = image.resize(size, Image.Resampling.BILINEAR)
    enlarged = np.frombuffer(resized.tobytes(), dtype=np.float32).reshape(size[1], size[0])
    return np.clip(enlarged.astype(np.float64), 0.0, None)


def centre_of_mass(plane: Plane) -> tuple[float, float]:
    """(row, column) of the ink's centre of mass, in pixels from the top-left corner (pixel
    centres at +0.5); the middle for an empty plane."""
    total = float(plane.sum())
    height, width = plane.shape
    if total <= 0:
        return height / 2, width / 2
    rows = (np.arange(height) + 0.5) @ plane.sum(axis=1) / total
    cols = (np.arange(width) + 0.5) @ plane.sum(axis=0) / total
    return float(rows), float(cols)
