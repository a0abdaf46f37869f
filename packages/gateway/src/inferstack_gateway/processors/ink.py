"""Finding the ink in a picture of a handwritten or printed mark, whatever its size, polarity or
background: grey levels, shrinking, ink polarity, background (and uneven lighting) removal
and the ink's bounding box. Planes are float64 arrays in 0..1.

Written for speed on the event loop: the statistics come from `levels.py` (order statistics by
partial sort, Otsu's threshold computed once per plane), and the results are those of the
straightforward numpy and Pillow calls, bit for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

from inferstack_gateway.processors.levels import (
    level_and_spread,
    lowest_majority,
    median,
    median_of,
    median_ranks,
    otsu_threshold,
    partitioned_paper,
    percentile_of,
    percentile_ranks,
    spread,
)

Plane = npt.NDArray[np.float64]

WORK_SIDE = 256  # larger images are shrunk (area averaging) to this before any analysis
MIN_CONTRAST = 0.08  # weakest ink, as a fraction of full black-to-white, that counts as a mark
BOX_FRACTION = 0.04  # ink under this fraction of the strongest ink does not widen the crop
TAIL = 0.5  # percent of the pixels at each end of the grey levels that decide the polarity
TAIL_RATIO = 2.0  # how much further one tail must reach than the other to decide alone
NOISE_SIGMAS = 3.0  # background noise under its median plus this many sigmas is cleared
_MAD_TO_SIGMA = 1.4826  # median absolute deviation to standard deviation, for normal noise
_GREY_LEVELS = np.arange(256, dtype=np.float64) / 255.0  # each 8-bit grey level, in 0..1


def to_grayscale(image: Image.Image) -> Plane:
    """Luminance in 0..1 (0 black). Transparent pixels become background: they are laid on white,
    or on black when the opaque pixels themselves are light (white strokes on a clear canvas)."""
    if image.mode.startswith("I") or image.mode == "F":
        return _deep_grayscale(image)
    if not _has_alpha(image):
        grey = image if image.mode == "L" else image.convert("L")
        return _GREY_LEVELS.take(np.asarray(grey))
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
    return resize(gray, size)


def ink_is_dark(gray: Plane) -> bool:
    """Whether the ink is darker than the paper.

    Ink is the far tail of the grey levels: a mark stands out from the paper by much more than
    the paper varies, so the distance from the median to the darkest TAIL percent and to the
    lightest TAIL percent says on which side it lies, even when the light falls off towards the
    edges (a photo's vignette) and the paper there is darker than the middle. When neither tail
    is TAIL_RATIO times the other (ink covering much of a tight crop), the border decides: it is
    mostly paper, and ink pulls the mean away from it, down for dark ink on light paper and up
    for light ink on a dark background."""
    low, high = percentile_ranks(gray.size, TAIL), percentile_ranks(gray.size, 100 - TAIL)
    ranked = partitioned_paper(gray, (*median_ranks(gray.size), *low[:2], *high[:2]))
    middle = median_of(ranked)
    dark = middle - percentile_of(ranked, low)
    light = percentile_of(ranked, high) - middle
    one_sided = dark >= TAIL_RATIO * light or light >= TAIL_RATIO * dark
    if one_sided and max(dark, light) >= MIN_CONTRAST:
        return dark > light
    return _border_median(gray) >= float(gray.mean())


def _border_median(plane: Plane) -> float:
    border = np.concatenate([plane[0, :], plane[-1, :], plane[:, 0], plane[:, -1]])
    return median(border)


def to_ink(gray: Plane, dark_ink: bool) -> Plane:
    """Ink strength in 0..1, high where the digit is."""
    return 1.0 - gray if dark_ink else gray.copy()


def remove_background(ink: Plane) -> Plane:
    """Subtract the paper's level (a smooth surface, for uneven lighting), then clear what is
    left of the paper's noise, so the background is 0 and only the strokes remain."""
    surface, threshold = _background_surface(ink)
    flat = ink - surface
    paper = flat < threshold
    if paper.any():
        center, deviation = level_and_spread(flat, paper)
        sigma = _MAD_TO_SIGMA * deviation
        flat -= min(center + NOISE_SIGMAS * sigma, center + 0.5 * (threshold - center))
    return flat.clip(0, None, out=flat)


def _background_surface(ink: Plane, rounds: int = 3) -> tuple[float | Plane, float]:
    """The paper's level: a constant, or a quadratic surface where the paper is unevenly lit;
    and Otsu's threshold of the ink with that level taken away.

    The surface is fitted to the paper (the pixels under Otsu's threshold of what the previous fit
    leaves) on a copy shrunk to at most 64 pixels a side, and kept only when it at least halves
    the paper's spread; on evenly lit paper a surface would only bend towards the ink."""
    height, width = ink.shape
    split = otsu_threshold(ink)
    below = ink <= split
    level = lowest_majority(ink, below)
    if level is None:
        level = median(ink[below])
    constant = (level, split - level)  # Otsu's threshold moves with the values
    if min(height, width) < 16:  # too few pixels to fit a surface to
        return constant
    coarse = fit(ink, min(64, max(height, width)))
    values = coarse.ravel()
    # Most of the paper at one level is uniform paper: every value at that lowest level is
    # under Otsu's threshold, so the paper's spread below is 0. Known without the threshold.
    if lowest_majority(values) is not None:
        return constant
    spread_flat = spread(values[values <= otsu_threshold(values)])
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
    if spread(residual[paper]) >= 0.5 * spread_flat:
        return constant
    surface = _quadratic_surface(coef, height, width)
    return surface, otsu_threshold(ink - surface)


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


def zero_padded(plane: npt.NDArray[Any], margin: int, dtype: type = np.float64) -> npt.NDArray[Any]:
    """`plane` as `dtype`, with `margin` zeros on every side (``np.pad``, for less)."""
    height, width = plane.shape
    padded: npt.NDArray[Any] = np.zeros((height + 2 * margin, width + 2 * margin), dtype)
    padded[margin:-margin, margin:-margin] = plane
    return padded


def _majority3(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Whether at least 5 of the 9 pixels around each pixel are set (a binary 3x3 median)."""
    padded = zero_padded(mask, 1, np.uint8)
    rows = padded[:-2] + padded[1:-1]  # sums over 3 rows, then over 3 columns
    rows += padded[2:]
    count = rows[:, :-2] + rows[:, 1:-1]
    count += rows[:, 2:]
    return np.asarray(count >= 5)


def resize(plane: Plane, size: tuple[int, int]) -> Plane:
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


def fit(plane: Plane, side: int) -> Plane:
    """`plane` scaled (area averaging) so its longer side is `side`, keeping its aspect ratio."""
    height, width = plane.shape
    scale = side / max(height, width)
    return resize(plane, (max(1, round(width * scale)), max(1, round(height * scale))))


def place(plane: Plane, side: int, top: float, left: float) -> Plane:
    """`plane` on an empty `side` x `side` canvas at a fractional offset (split bilinearly
    between the four nearest whole-pixel offsets), so the result moves smoothly with it."""
    height, width = plane.shape
    canvas = np.zeros((side + 1, side + 1))
    row, col = int(top), int(left)
    down, right = top - row, left - col
    for dy, weight_y in ((0, 1 - down), (1, down)):
        for dx, weight_x in ((0, 1 - right), (1, right)):
            if weight_y * weight_x > 0:
                rows = slice(row + dy, row + dy + height)
                canvas[rows, col + dx : col + dx + width] += weight_y * weight_x * plane
    placed: Plane = canvas[:side, :side]
    return placed
