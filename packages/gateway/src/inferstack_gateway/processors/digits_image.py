"""Turn a picture of one handwritten digit into the ``digits`` model's 8x8 input.

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
percentiles by partial sort (numpy's own functions cost more in checks than in work on arrays
this small), Otsu's threshold computed once per plane, and the stroke steps padded only when a
step is taken; the results are bit-for-bit those of the straightforward numpy and Pillow calls.
`./dev bench-profile` shows where the time goes.
"""

from __future__ import annotations

from collections.abc import Sequence

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

Plane = npt.NDArray[np.float64]
Grid = npt.NDArray[np.float32]

GRID = 8  # cells per side of the model's input
BLOCK = 4  # pixels per cell side in the training data's 32x32 bitmaps
BOX = GRID * BLOCK
MAX_VALUE = 16.0  # the fullest cell in the training data
WORK_SIDE = 256  # larger images are shrunk (area averaging) to this before any analysis
MIN_CONTRAST = 0.08  # weakest ink, as a fraction of full black-to-white, that counts as a digit
BOX_FRACTION = 0.04  # ink under this fraction of the strongest ink does not widen the crop
NOISE_SIGMAS = 3.0  # background noise under its median plus this many sigmas is cleared
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
_MAD_TO_SIGMA = 1.4826
_IMAGE_ERRORS = (InvalidInput, PayloadTooLarge, UnsupportedMediaType)


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
    grids: list[Grid] = []
    failures: list[tuple[int, GatewayError]] = []
    for index, data in enumerate(images):
        try:
            grids.append(image_to_digit_grid(decode_image(data, limits)))
        except GatewayError as exc:
            failures.append((index, exc))
    if failures:
        raise _batch_error(failures, len(images))
    return np.stack(grids) if grids else np.zeros((0, GRID, GRID), dtype=np.float32)


def _batch_error(failures: Sequence[tuple[int, GatewayError]], total: int) -> GatewayError:
    reasons = "; ".join(f"image {index}: {exc.detail}" for index, exc in failures)
    detail = f"{len(failures)} of {total} images could not be used: {reasons}"
    items = [ItemError("images", index, exc.detail) for index, exc in failures]
    first = failures[0][1]
    kind = type(first) if isinstance(first, _IMAGE_ERRORS) else InvalidInput
    return kind(detail, errors=items)


def to_grayscale(image: Image.Image) -> Plane:
    """Luminance in 0..1 (0 black). Transparent pixels become background: they are laid on white,
    or on black when the opaque pixels themselves are light (white strokes on a clear canvas)."""
    if image.mode.startswith("I") or image.mode == "F":
        return _deep_grayscale(image)
    if not _has_alpha(image):
        return np.asarray(image.convert("L"), dtype=np.float64) / 255.0
    rgba = image.convert("RGBA")
    lum = np.asarray(rgba.convert("L"), dtype=np.float64) / 255.0
    alpha = np.asarray(rgba.getchannel("A"), dtype=np.float64) / 255.0
    weight = float(alpha.sum())
    paper = 1.0 if weight == 0 or float((alpha * lum).sum()) / weight < 0.5 else 0.0
    flat: Plane = alpha * lum + (1.0 - alpha) * paper
    return flat


def _deep_grayscale(image: Image.Image) -> Plane:
    """16/32-bit integer or float grey (e.g. a 16-bit PNG), scaled by its nominal range."""
    values = np.asarray(image, dtype=np.float64)
    peak = float(values.max()) if values.size else 0.0
    if image.mode == "F":
        full = 1.0 if peak <= 1 else 255.0
    else:
        full = 65535.0 if image.mode.startswith("I;16") or peak > 255 else 255.0
    return np.clip(values / full, 0.0, 1.0)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def shrink(gray: Plane) -> Plane:
    """Area-average `gray` down so its longer side is at most WORK_SIDE (smaller ones unchanged)."""
    height, width = gray.shape
    scale = WORK_SIDE / max(height, width)
    if scale >= 1:
        return gray
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return _resize(gray, size)


def ink_is_dark(gray: Plane) -> bool:
    """Whether the ink is darker than the paper. The border is mostly paper; ink pulls the mean
    away from it, down for dark ink on light paper and up for light ink on a dark background."""
    return _border_median(gray) >= float(gray.mean())


def _border_median(plane: Plane) -> float:
    border = np.concatenate([plane[0, :], plane[-1, :], plane[:, 0], plane[:, -1]])
    return median(border)


def median(values: Plane) -> float:
    """The median of a non-empty array (as ``np.median``, by one partial sort)."""
    flat = values.ravel()
    middle = flat.size // 2
    if flat.size % 2:
        return float(np.partition(flat, middle)[middle])
    low, high = np.partition(flat, (middle - 1, middle))[middle - 1 : middle + 1]
    return float((low + high) / 2)


def percentile(values: Plane, q: float) -> float:
    """The `q`-th percentile of a non-empty array, linearly interpolated (as ``np.percentile``)."""
    flat = values.ravel()
    position = (flat.size - 1) * q / 100.0
    below = int(position)
    above = min(below + 1, flat.size - 1)
    low, high = np.partition(flat, (below, above))[[below, above]]
    return float(low + (high - low) * (position - below))


def to_ink(gray: Plane, dark_ink: bool) -> Plane:
    """Ink strength in 0..1, high where the digit is."""
    return 1.0 - gray if dark_ink else gray.copy()


def remove_background(ink: Plane) -> Plane:
    """Subtract the paper's level (a smooth surface, for uneven lighting), then clear what is
    left of the paper's noise, so the background is 0 and only the strokes remain."""
    surface, threshold = _background_surface(ink)
    flat = ink - surface
    paper = flat[flat < threshold]
    if paper.size == 0:
        return np.clip(flat, 0, None)
    center = median(paper)
    sigma = _MAD_TO_SIGMA * _spread(paper)
    floor = min(center + NOISE_SIGMAS * sigma, center + 0.5 * (threshold - center))
    return np.clip(flat - floor, 0, None)


def _background_surface(ink: Plane, rounds: int = 3) -> tuple[float | Plane, float]:
    """The paper's level: a constant, or a quadratic surface where the paper is unevenly lit;
    and Otsu's threshold of the ink with that level taken away.

    The surface is fitted to the paper (the pixels under Otsu's threshold of what the previous fit
    leaves) on a copy shrunk to at most 64 pixels a side, and kept only when it at least halves
    the paper's spread; on evenly lit paper a surface would only bend towards the ink."""
    height, width = ink.shape
    split = otsu_threshold(ink)
    level = median(ink[ink <= split])
    constant = (level, split - level)  # Otsu's threshold moves with the values
    if min(height, width) < 16:  # too few pixels to fit a surface to
        return constant
    coarse = _fit(ink, min(64, max(height, width)))
    values = coarse.ravel()
    spread_flat = _spread(values[values <= otsu_threshold(values)])
    if spread_flat < 1e-3:  # uniform paper: nothing for a surface to explain
        return constant
    design = _quadratic_terms(*coarse.shape).reshape(6, -1).T
    paper = values <= np.median(values)
    coef = np.zeros(6)
    for _ in range(rounds):
        coef = _least_squares(design[paper], values[paper])
        residual = values - design @ coef
        paper = residual <= otsu_threshold(residual)
        if paper.sum() < 4 * len(coef):
            return constant
    if _spread(residual[paper]) >= 0.5 * spread_flat:
        return constant
    surface = _quadratic_surface(coef, height, width)
    return surface, otsu_threshold(ink - surface)


def _spread(values: Plane) -> float:
    """Median absolute deviation: the spread of `values`, unmoved by a few outliers."""
    return median(np.abs(values - median(values))) if values.size else 0.0


def _least_squares(design: Plane, values: Plane) -> Plane:
    """Least-squares coefficients via the (tiny, well-conditioned) normal equations."""
    gram = design.T @ design + 1e-9 * np.eye(design.shape[1])
    return np.linalg.solve(gram, design.T @ values)


def _quadratic_terms(height: int, width: int) -> Plane:
    """1, x, y, x², xy, y² at each pixel's centre, x and y running from -0.5 to 0.5."""
    y, x = _centres(height)[:, None], _centres(width)[None, :]
    return np.stack(np.broadcast_arrays(np.ones_like(x * y), x, y, x * x, x * y, y * y))


def _quadratic_surface(coef: Plane, height: int, width: int) -> Plane:
    y, x = _centres(height)[:, None], _centres(width)[None, :]
    c0, cx, cy, cxx, cxy, cyy = (float(c) for c in coef)
    return np.asarray(c0 + cx * x + cy * y + cxx * x * x + cxy * x * y + cyy * y * y, np.float64)


def _centres(count: int) -> Plane:
    return (np.arange(count) + 0.5) / count - 0.5


def otsu_threshold(values: Plane, bins: int = 256) -> float:
    """The level that best splits `values` into two classes (Otsu's method)."""
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return high
    width = (high - low) / bins
    index = ((values.ravel() - low) / width).astype(np.intp)
    np.minimum(index, bins - 1, out=index)
    counts = np.bincount(index, minlength=bins)
    edges = low + width * np.arange(bins + 1)
    centers = edges[:-1] + width / 2
    weight_low = np.cumsum(counts)[:-1]
    weight_high = values.size - weight_low
    mass = np.cumsum(counts * centers)
    mass_low = mass[:-1]
    # Cuts with an empty side score -1 (never best); the others as Otsu defines.
    valid = (weight_low > 0) & (weight_high > 0)
    mean_low = np.divide(mass_low, weight_low, out=np.zeros(bins - 1), where=valid)
    mean_high = np.divide(mass[-1] - mass_low, weight_high, out=np.zeros(bins - 1), where=valid)
    between = np.where(valid, weight_low * weight_high * (mean_low - mean_high) ** 2, -1.0)
    # Between two well-separated classes every cut in the empty gap is equally good: take the
    # middle of that plateau, not its first edge (which hugs the lower class's tail).
    best = np.flatnonzero(between >= between.max() * (1 - 1e-9))
    return float(edges[best[0] + 1] + edges[best[-1] + 1]) / 2


def ink_bounding_box(ink: Plane, *, despeckle: bool = True) -> tuple[int, int, int, int] | None:
    """``(top, bottom, left, right)`` (end-exclusive) around the ink, or None when there is no
    ink with at least MIN_CONTRAST. Isolated specks (under a 3x3 majority) are ignored."""
    strongest = float(ink.max())
    if strongest < MIN_CONTRAST:
        return None
    marked = ink > BOX_FRACTION * strongest
    if despeckle and min(ink.shape) >= 24:
        marked &= _majority3(marked)
        if not marked.any() or float(ink[marked].max()) < MIN_CONTRAST:
            return None
    rows = np.flatnonzero(marked.any(axis=1))
    cols = np.flatnonzero(marked.any(axis=0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def _majority3(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Whether at least 5 of the 9 pixels around each pixel are set (a binary 3x3 median)."""
    padded = np.pad(mask, 1).astype(np.uint8)
    rows = padded[:-2] + padded[1:-1] + padded[2:]  # sums over 3 rows, then over 3 columns
    count = rows[:, :-2] + rows[:, 1:-1] + rows[:, 2:]
    return np.asarray(count >= 5)


def normalize_stroke_width(crop: Plane) -> Grid:
    """The grid of `crop`, its strokes thickened or thinned until the grid's total ink is in the
    training data's range. The training digits hold about the same ink whatever the digit (a "1"
    as much as an "8": 313 +- 34 in grid units), so their strokes were normalised; a thin pen
    line or a bold marker would otherwise look unlike anything the model has seen. Works at 4x
    the 32x32 resolution, so each step moves each edge by a quarter of a 32x32 pixel."""
    fine = _fit(crop, FINE_BOX)
    grid = _grid_of(fine)  # the padding below is empty: it cannot change this first grid
    low, high = MASS_RANGE
    thicken = float(grid.sum()) < low
    for step in range(MAX_STROKE_STEPS):
        mass = float(grid.sum())
        if (thicken and mass >= low) or (not thicken and mass <= high):
            break
        if step == 0:  # room for the strokes to grow into
            fine = np.pad(fine, FINE_BOX // 4)
        changed = _extreme3(fine, np.maximum if thicken else np.minimum)
        if ink_bounding_box(changed, despeckle=False) is None:  # thinned away: keep the last
            break
        fine, grid = changed, _grid_of(changed)
    return grid


def _extreme3(plane: Plane, pick: np.ufunc) -> Plane:
    """The largest (``np.maximum``) or smallest (``np.minimum``) value of the 3x3 pixels around
    each pixel, edges extended: Pillow's MaxFilter(3) / MinFilter(3), in two separable passes."""
    padded = np.pad(plane, 1, mode="edge")
    rows = pick(pick(padded[:-2], padded[1:-1]), padded[2:])
    result: Plane = pick(pick(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])
    return result


def _grid_of(fine: Plane) -> Grid:
    box = ink_bounding_box(fine, despeckle=False)
    if box is None:
        raise InvalidInput(NO_DIGIT)
    top, bottom, left, right = box
    return scale_to_training_range(fit_to_grid(fine[top:bottom, left:right]))


def _fit(plane: Plane, side: int) -> Plane:
    """`plane` scaled (area averaging) so its longer side is `side`, keeping its aspect ratio."""
    height, width = plane.shape
    scale = side / max(height, width)
    return _resize(plane, (max(1, round(width * scale)), max(1, round(height * scale))))


def fit_to_grid(crop: Plane) -> Plane:
    """Scale `crop` to fit the 32x32 box keeping its aspect ratio (area averaging), place it as
    the training digits are placed, and average each 4x4 block into one cell."""
    fitted = _fit(crop, BOX)
    height, width = fitted.shape
    left = min(max(CENTRE_X * BLOCK - mass_midrange(fitted.sum(axis=0)), 0.0), BOX - width)
    canvas = drop_fringe(_place(fitted, (BOX - height) / 2, left))
    grid: Plane = canvas.reshape(GRID, BLOCK, GRID, BLOCK).mean(axis=(1, 3))
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


def _place(plane: Plane, top: float, left: float) -> Plane:
    """`plane` on an empty 32x32 canvas at a fractional offset (split bilinearly between the four
    nearest whole-pixel offsets), so the result changes smoothly with the digit's position."""
    height, width = plane.shape
    canvas = np.zeros((BOX + 1, BOX + 1))
    row, col = int(top), int(left)
    down, right = top - row, left - col
    for dy, weight_y in ((0, 1 - down), (1, down)):
        for dx, weight_x in ((0, 1 - right), (1, right)):
            if weight_y * weight_x > 0:
                rows = slice(row + dy, row + dy + height)
                canvas[rows, col + dx : col + dx + width] += weight_y * weight_x * plane
    placed: Plane = canvas[:BOX, :BOX]
    return placed


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


def _resize(plane: Plane, size: tuple[int, int]) -> Plane:
    """Area-averaging resize of a float plane to `size` = (width, height)."""
    height, width = plane.shape
    pixels = np.ascontiguousarray(plane, dtype=np.float32)
    if size == (width, height):  # Pillow would only copy; the float32 rounding stays
        return pixels.astype(np.float64)
    image = Image.frombuffer("F", (width, height), pixels, "raw", "F", 0, 1)
    resized = image.resize(size, Image.Resampling.BOX)
    return (
        np.frombuffer(resized.tobytes(), dtype=np.float32)
        .reshape(size[1], size[0])
        .astype(np.float64)
    )
