"""Turn a picture of one handwritten digit into the 8x8 input of ``digits`` versions 1 and 2
(the normalisation ``optdigits``).

The model was trained on scikit-learn's ``load_digits().images`` (UCI optdigits, from NIST
forms): each digit scaled to fit a 32x32 box keeping its aspect ratio (it spans the full height
and about 4-6 of the 8 columns), its strokes normalised (every digit holds about the same ink),
then each 4x4 block counted, giving values 0..16 with the background 0, the ink high and the
fullest cell 16. The steps below rebuild that from a photo, a scan or a paint-program export of
any size, polarity or background:

    grey -> shrink -> ink up (polarity) -> background removed -> cropped to the ink
         -> strokes normalised -> fitted and placed in 32x32 -> faint fringe dropped
         -> 4x4 blocks averaged -> scaled to 0..16

It runs on the event loop for small images, so it is written for speed as well: medians and
percentiles by partial sort (in `ink.py`), Otsu's threshold computed once per plane, and the
stroke steps padded only when a step is taken; the results are bit-for-bit those of the
straightforward numpy and Pillow calls.
`./dev bench-profile` shows where the time goes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from PIL import Image

from inferstack_gateway.errors import InvalidInput
from inferstack_gateway.processors.image_batch import images_to_batch as batch_of
from inferstack_gateway.processors.imaging import ImageLimits
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
    zero_padded,
)
from inferstack_gateway.processors.levels import percentile

Grid = npt.NDArray[np.float32]

GRID = 8  # cells per side of the model's input
BLOCK = 4  # pixels per cell side in the training data's 32x32 bitmaps
BOX = GRID * BLOCK
MAX_VALUE = 16.0  # the fullest cell in the training data
# Horizontal placement: in the training data the midpoint of the span holding the central 80% of
# the ink mass is the steadiest position measure (sd 0.26 cells; the bounding box's centre varies
# more), at 4.07 cells from the left edge. Digits are placed to put theirs there.
MASS_TRIM = 0.1
CENTRE_X = 4.07
# Stroke width: the total ink of a training grid lies in this range (its 5th..95th percentiles);
# strokes are grown or shrunk by a quarter of a 32x32 pixel a side per step until it does.
MASS_RANGE = (261.0, 368.0)
# Fringe: at 32x32, pixels under this fraction of the stroke level are haze, not ink. Chosen by
# 3-fold cross-validation over all 1797 digits rendered as images: it gains 3 points on blurred
# (bilinear) renders and changes sharp ones and photos by under one point.
FRINGE = 0.15
FINE_BOX = 4 * BOX
MAX_STROKE_STEPS = 16
NO_DIGIT = "image has no visible digit (it is blank or has too little contrast)"


def image_to_digit_grid(image: Image.Image) -> Grid:
    """The ``digits`` model's input for `image`: float32 ``(8, 8)``, values 0..16, ink high.

    Raises InvalidInput when the image shows nothing that stands out from its background.
    """
    gray = shrink(to_grayscale(image))
    ink = remove_background(to_ink(gray, ink_is_dark(gray)))
    box = ink_bounding_box(ink)
    if box is None:
        raise InvalidInput(NO_DIGIT)
    top, bottom, left, right = box
    return normalize_stroke_width(ink[top:bottom, left:right])


def images_to_batch(images: Sequence[bytes], limits: ImageLimits) -> Grid:
    """Decode and convert every image into one float32 ``[N, 8, 8]`` batch.

    Every image is tried; when any fail, ONE error is raised listing each failure (an
    ``ItemError("images", i, why)`` each), with the HTTP status of the first failure.
    """
    return batch_of(images, limits, image_to_digit_grid, (GRID, GRID))


def normalize_stroke_width(crop: Plane) -> Grid:
    """The grid of `crop`, its strokes thickened or thinned until the grid's total ink is in the
    training data's range. The training digits hold about the same ink whatever the digit (a "1"
    as much as an "8": 313 +- 34 in grid units), so their strokes were normalised; a thin pen
    line or a bold marker would otherwise look unlike anything the model has seen. Works at 4x
    the 32x32 resolution, so each step moves each edge by a quarter of a 32x32 pixel."""
    fine = fit(crop, FINE_BOX)
    grid = _grid_of(fine)  # the padding below is empty: it cannot change this first grid
    low, high = MASS_RANGE
    thicken = float(grid.sum()) < low
    for step in range(MAX_STROKE_STEPS):
        mass = float(grid.sum())
        if (thicken and mass >= low) or (not thicken and mass <= high):
            break
        if step == 0:  # room for the strokes to grow into
            fine = zero_padded(fine, FINE_BOX // 4)
        changed = _extreme3(fine, np.maximum if thicken else np.minimum)
        if ink_bounding_box(changed, despeckle=False) is None:  # thinned away: keep the last
            break
        fine, grid = changed, _grid_of(changed)
    return grid


def _extreme3(plane: Plane, pick: np.ufunc) -> Plane:
    """The largest (``np.maximum``) or smallest (``np.minimum``) value of the 3x3 pixels around
    each pixel, edges extended: Pillow's MaxFilter(3) / MinFilter(3), in two separable passes."""
    padded = zero_padded(plane, 1)
    padded[0], padded[-1] = padded[1], padded[-2]  # edges extended: rows, then columns
    padded[:, 0], padded[:, -1] = padded[:, 1], padded[:, -2]
    rows = pick(pick(padded[:-2], padded[1:-1]), padded[2:])
    result: Plane = pick(pick(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])
    return result


def _grid_of(fine: Plane) -> Grid:
    box = ink_bounding_box(fine, despeckle=False)
    if box is None:
        raise InvalidInput(NO_DIGIT)
    top, bottom, left, right = box
    return scale_to_training_range(fit_to_grid(fine[top:bottom, left:right]))


def fit_to_grid(crop: Plane) -> Plane:
    """Scale `crop` to fit the 32x32 box keeping its aspect ratio (area averaging), place it as
    the training digits are placed, and average each 4x4 block into one cell."""
    fitted = fit(crop, BOX)
    height, width = fitted.shape
    left = min(max(CENTRE_X * BLOCK - mass_midrange(fitted.sum(axis=0)), 0.0), BOX - width)
    canvas = drop_fringe(place(fitted, BOX, (BOX - height) / 2, left))
    # The blocks' means, as ``mean(axis=(1, 3))`` computes them (the same sum, then a division)
    grid: Plane = np.add.reduce(canvas.reshape(GRID, BLOCK, GRID, BLOCK), axis=(1, 3))
    grid /= BLOCK * BLOCK
    return grid


def drop_fringe(canvas: Plane) -> Plane:
    """Lower every 32x32 pixel by FRINGE of the stroke level (the 90th percentile of the inked
    pixels), clearing faint fringes. The training bitmaps are black and white at this size, so a
    cell there is partly filled by solid pixels, never by a faint grey haze; haze comes from
    blur (a scaled-up or out-of-focus image) and would smear each stroke into its neighbours."""
    inked = canvas[canvas > BOX_FRACTION * float(canvas.max())]
    if inked.size == 0:
        return canvas
    level = percentile(inked, 90)
    return np.clip(canvas - FRINGE * level, 0.0, None)


def mass_midrange(profile: Plane, trim: float = MASS_TRIM) -> float:
    """The middle of the span holding the central ``1 - 2 * trim`` of the ink mass along one axis,
    in pixels from the start of `profile` (a per-column ink sum)."""
    cumulative = np.concatenate([[0.0], np.cumsum(profile)])
    total = float(cumulative[-1])
    if total <= 0:
        return len(profile) / 2
    edges = np.arange(len(profile) + 1, dtype=np.float64)
    low, high = np.interp([trim * total, (1 - trim) * total], cumulative, edges)
    return float(low + high) / 2


def scale_to_training_range(grid: Plane) -> Grid:
    """Scale so the fullest cell is 16, as in every training image; float32 in 0..16."""
    peak = float(grid.max())
    scaled = grid * (MAX_VALUE / peak) if peak > 0 else grid
    return np.clip(scaled, 0.0, MAX_VALUE).astype(np.float32)
