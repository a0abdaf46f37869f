"""Photo-like pictures of a digit for evaluation: the digit (dark ink on white) printed or written
on a sheet of tinted paper, photographed at an angle (a perspective warp) under uneven light (a
gradient and a vignette), slightly out of focus, with sensor noise, saved as a JPEG.

None of these steps is in the training augmentation as such (that has affine transforms, a
linear light gradient, Gaussian blur and noise, on grey images): perspective, colour, vignettes
and JPEG artefacts are new to the model.
"""

from __future__ import annotations

import io
import math

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageFilter


def photograph(digit: Image.Image, rng: np.random.Generator) -> bytes:
    """A JPEG "photo" of `digit` (an "L" image, dark ink on white)."""
    ink = 1.0 - np.asarray(digit.convert("L"), dtype=np.float64) / 255.0
    height, width = ink.shape
    side = int(max(height, width) * rng.uniform(1.6, 2.4))
    sheet = np.zeros((side, side))
    top = int(rng.integers(0, side - height + 1) * 0.6 + (side - height) * 0.2)
    left = int(rng.integers(0, side - width + 1) * 0.6 + (side - width) * 0.2)
    sheet[top : top + height, left : left + width] = ink
    sheet_image = Image.fromarray(np.round(sheet * 255).astype(np.uint8), mode="L")
    warped = np.asarray(_perspective(sheet_image, rng), dtype=np.float64) / 255.0

    paper = np.array([rng.uniform(0.8, 1.0), rng.uniform(0.75, 0.98), rng.uniform(0.65, 0.95)])
    pen = np.array([rng.uniform(0.0, 0.25), rng.uniform(0.0, 0.25), rng.uniform(0.05, 0.45)])
    light = _lighting(side, rng)
    rgb = paper[None, None, :] * (1 - warped[..., None]) + pen[None, None, :] * warped[..., None]
    rgb = rgb * light[..., None]
    image = Image.fromarray(np.round(np.clip(rgb, 0, 1) * 255).astype(np.uint8), mode="RGB")
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.4) * side / 160))
    pixels = np.asarray(image, dtype=np.float64) / 255.0
    pixels = pixels + rng.normal(0, rng.uniform(0.015, 0.05), pixels.shape)
    image = Image.fromarray(np.round(np.clip(pixels, 0, 1) * 255).astype(np.uint8), mode="RGB")
    size = int(rng.integers(120, 360))
    image = image.resize((size, size), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=int(rng.integers(55, 92)))
    return out.getvalue()


def _perspective(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A camera tilted towards a random side: each corner moved inwards by up to 14%."""
    width, height = image.size
    jitter = rng.uniform(0.0, 0.14, size=(4, 2)) * np.array([width, height])
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], float)
    inwards = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], float)
    source = corners + inwards * jitter  # where each output corner comes from
    coefficients = _perspective_coefficients(corners, source)
    return image.transform(
        image.size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BILINEAR
    )


def _perspective_coefficients(
    output: npt.NDArray[np.float64], source: npt.NDArray[np.float64]
) -> tuple[float, float, float, float, float, float, float, float]:
    """Pillow's 8 coefficients mapping output corners to source corners."""
    rows = []
    rhs = []
    for (x, y), (u, v) in zip(output, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    solved = np.linalg.solve(np.asarray(rows, float), np.asarray(rhs, float))
    a, b, c, d, e, f, g, h = (float(value) for value in solved)
    return a, b, c, d, e, f, g, h


def _lighting(side: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    """Uneven light: a gradient from one side (down to 65%) times a vignette (down to 80%)."""
    y, x = np.mgrid[0:side, 0:side] / max(side - 1, 1)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = math.cos(angle) * (x - 0.5) + math.sin(angle) * (y - 0.5)
    gradient = 1.0 - rng.uniform(0.1, 0.35) * (ramp + 0.5)
    cx, cy = rng.uniform(0.3, 0.7, size=2)
    vignette = 1.0 - rng.uniform(0.0, 0.2) * ((x - cx) ** 2 + (y - cy) ** 2) * 2
    light: npt.NDArray[np.float64] = gradient * vignette
    return light
