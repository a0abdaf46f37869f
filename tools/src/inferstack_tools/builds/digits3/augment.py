"""Training-time distortions of a rendered digit (dark ink on white paper, an "L" image).

Applied to the picture, before the gateway's pre-processing, so that the model learns from what
the gateway makes of distorted pictures: an affine transform (rotation, shear, stretch), elastic
distortion, thicker or thinner strokes, off-centre placement on a larger sheet, ink and paper
levels with a lighting gradient, blur, noise and specks, inversion (light ink on a dark ground)
and a final size from tiny to large. Each step is taken with its own probability; every random
draw comes from the generator passed in, so a seed fixes the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image
from scipy import ndimage

Plane = npt.NDArray[np.float64]
ELASTIC_COARSE = 4
MIN_DIGIT_PX = 16  # smallest digit (its unpadded picture's longer side) after resizing


@dataclass(frozen=True)
class Augmentation:
    """Probabilities and ranges of each step (`strength` scales the geometric ones)."""

    affine: float = 0.8
    elastic: float = 0.5
    thickness: float = 0.35
    off_centre: float = 0.7
    lighting: float = 0.45
    blur: float = 0.4
    noise: float = 0.45
    invert: float = 0.15
    resize: float = 0.5
    strength: float = 1.0

    def describe(self) -> dict[str, float]:
        return {key: float(value) for key, value in self.__dict__.items()}


FULL = Augmentation()
#: For the sklearn digits, which are already low-resolution scans: lighter geometry.
LIGHT = Augmentation(
    affine=0.6,
    elastic=0.25,
    thickness=0.0,
    off_centre=0.6,
    lighting=0.3,
    blur=0.2,
    noise=0.3,
    invert=0.15,
    resize=0.4,
    strength=0.6,
)


def augment(image: Image.Image, rng: np.random.Generator, spec: Augmentation = FULL) -> Image.Image:
    """A distorted copy of `image` (dark ink on white), as an "L" image."""
    ink = 1.0 - np.asarray(image.convert("L"), dtype=np.float64) / 255.0
    if rng.random() < spec.affine:
        ink = affine(ink, rng, spec.strength)
    if rng.random() < spec.elastic:
        ink = elastic(ink, rng, spec.strength)
    if rng.random() < spec.thickness:
        ink = thickness(ink, rng)
    digit_side = max(ink.shape)
    if rng.random() < spec.off_centre:
        ink = off_centre(ink, rng)
    paper = _levels(ink, rng) if rng.random() < spec.lighting else 1.0 - ink
    if rng.random() < spec.blur:
        sigma = rng.uniform(0.3, 1.6) * max(paper.shape) / 64
        paper = ndimage.gaussian_filter(paper, sigma)
    if rng.random() < spec.noise:
        paper = noise(paper, rng)
    if rng.random() < spec.invert:
        paper = 1.0 - paper
    out = Image.fromarray(np.round(np.clip(paper, 0, 1) * 255).astype(np.uint8), mode="L")
    if rng.random() < spec.resize:  # the digit MIN_DIGIT_PX to 120 pixels a side
        scale = rng.uniform(MIN_DIGIT_PX, 120) / digit_side
        size = (max(4, round(out.size[0] * scale)), max(4, round(out.size[1] * scale)))
        out = out.resize(size, Image.Resampling.BILINEAR if scale > 1 else Image.Resampling.BOX)
    return out


def affine(ink: Plane, rng: np.random.Generator, strength: float) -> Plane:
    """Rotate, shear and stretch about the centre, on a canvas large enough to keep the ink."""
    angle = math.radians(rng.uniform(-12, 12) * strength)
    shear = rng.uniform(-0.25, 0.25) * strength
    stretch = math.exp(rng.uniform(-0.2, 0.2) * strength)
    # output -> input mapping: inverse of [stretch, shear; 0, 1] then rotation
    forward = np.array(
        [[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]]
    ) @ np.array([[stretch, shear], [0.0, 1.0]])
    height, width = ink.shape
    pad = max(height, width) // 3
    padded = np.pad(ink, pad)
    centre = (np.array(padded.shape[::-1], float) - 1) / 2  # x, y
    inverse = np.linalg.inv(forward)
    offset = centre - inverse @ centre
    # ndimage works in (row, col): swap the axes of the matrix and offset
    matrix = inverse[::-1, ::-1]
    moved: Plane = ndimage.affine_transform(padded, matrix, offset=offset[::-1], order=1)
    return moved


def elastic(ink: Plane, rng: np.random.Generator, strength: float) -> Plane:
    """Simard-style elastic distortion: a smoothed random displacement field (drawn on a grid
    ELASTIC_COARSE times coarser, smoothed there and enlarged bilinearly: the same field at a
    fraction of the cost)."""
    height, width = ink.shape
    scale = max(height, width) / 28
    alpha = rng.uniform(8, 34) * scale * strength
    coarse = (max(2, -(-height // ELASTIC_COARSE)), max(2, -(-width // ELASTIC_COARSE)))
    sigma = 4.5 * scale / ELASTIC_COARSE
    fields = []
    for _ in range(2):
        field = ndimage.gaussian_filter(rng.uniform(-1, 1, coarse), sigma, mode="constant")
        zoom = (height / coarse[0], width / coarse[1])
        fields.append(ndimage.zoom(field, zoom, order=1, grid_mode=True, mode="nearest") * alpha)
    dy, dx = (f[:height, :width] for f in fields)
    rows, cols = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    warped: Plane = ndimage.map_coordinates(ink, [rows + dy, cols + dx], order=1)
    return warped


def thickness(ink: Plane, rng: np.random.Generator) -> Plane:
    """Grow or shrink the strokes by a few pixels (grey dilation or erosion)."""
    size = int(rng.integers(2, max(3, max(ink.shape) // 24) + 1))
    if rng.random() < 0.5:
        out: Plane = ndimage.grey_dilation(ink, size=(size, size))
    else:
        out = ndimage.grey_erosion(ink, size=(size, size))
        if out.max() < 0.3:  # thinned away: keep the original
            return ink
    return out


def off_centre(ink: Plane, rng: np.random.Generator) -> Plane:
    """The digit somewhere on a larger sheet: a random margin on each side."""
    side = max(ink.shape)
    margins = (rng.uniform(0.0, 0.8, size=4) * side).astype(int)
    return np.pad(ink, ((margins[0], margins[1]), (margins[2], margins[3])))


def _levels(ink: Plane, rng: np.random.Generator) -> Plane:
    """Grey ink on grey paper, lit unevenly (a linear gradient across the sheet)."""
    paper = rng.uniform(0.7, 1.0)
    dark = rng.uniform(0.0, 0.4)
    height, width = ink.shape
    angle = rng.uniform(0, 2 * math.pi)
    y, x = np.mgrid[0:height, 0:width]
    ramp = (math.cos(angle) * x / max(width, 1) + math.sin(angle) * y / max(height, 1)) - 0.5
    light = 1.0 + rng.uniform(0.0, 0.35) * ramp
    page = paper * light
    seen: Plane = (page - (page - dark) * ink).clip(0, 1)
    return seen


def noise(paper: Plane, rng: np.random.Generator) -> Plane:
    """Gaussian sensor noise, and sometimes a sprinkle of specks."""
    out: Plane = paper + rng.normal(0, rng.uniform(0.01, 0.08), paper.shape)
    if rng.random() < 0.25:
        specks = rng.random(paper.shape) < rng.uniform(0.0002, 0.002)
        out[specks] = rng.uniform(0, 1)
    return out
