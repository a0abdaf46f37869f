"""What digits v3 is trained on and evaluated with, made reproducibly from seeds.

Training (`training_items`, `training_arrays`): typefaces of the training font packages, pen
strokes in styles from the training bands, and scikit-learn's training split rendered as scans,
each picture distorted (`augment.py`) and then prepared by the gateway's own MNIST-style
pre-processing, so the model learns from exactly what the gateway will hand it.

Evaluation (`evaluation_sets`): four sets of image files, sent through the whole gateway path:
scikit-learn's held-out split rendered as the benchmark does; the held-out font packages; pen
strokes in styles from the held-out bands; photo-like pictures of held-out fonts and styles.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from inferstack_gateway.errors import InvalidInput
from inferstack_gateway.processors.mnist_image import image_to_square
from inferstack_tools.builds.digits3 import fonts
from inferstack_tools.builds.digits3.augment import FULL, LIGHT, augment
from inferstack_tools.builds.digits3.photo import photograph
from inferstack_tools.builds.digits3.strokes import SHAPES, StyleSplit, draw_style, pen_digit

SIDE = 28  # the model's input: SIDE x SIDE
BOX = 20  # the ink is fitted into BOX x BOX
TRAIN_SEED = 0
EVAL_SEED = 1
SKLEARN_SPLIT_SEED = 0  # the split of v1 and v2 (test_size 0.2, stratified)

# Training set: renders per font face and digit, pen-stroke digits per digit, renders per
# sklearn training image. Render 0 of every item is undistorted.
FONT_RENDERS = 6
PEN_PER_DIGIT = 2400
SKLEARN_RENDERS = 8
PEN_PLAIN = 0.15  # the share of pen-stroke digits left undistorted
# Evaluation sets.
FONT_EVAL_SIZES = (22, 40, 72)  # glyph sizes in points
PEN_EVAL_PER_DIGIT = 100
PHOTO_EVAL_PER_DIGIT = 60

Images = npt.NDArray[np.float32]
Labels = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Item:
    """One training picture: its source, what to draw, and the seed of its randomness."""

    source: str  # "font", "pen", "sklearn"
    label: int
    key: int  # face index, pen index or sklearn image index
    render: int


@cache
def sklearn_split() -> tuple[Images, Images, Labels, Labels]:
    """scikit-learn's digits, split as for v1 and v2: x_train, x_test, y_train, y_test."""
    data = load_digits()
    images = np.asarray(data.images, dtype=np.float32)
    labels = np.asarray(data.target, dtype=np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=0.2, stratify=labels, random_state=SKLEARN_SPLIT_SEED
    )
    return x_train, x_test, y_train, y_test


def render_grid(
    grid: npt.NDArray[np.floating[Any]],
    *,
    size: int = 64,
    resample: int = Image.Resampling.BILINEAR,
) -> Image.Image:
    """An 8x8 grid (0..16) as a scan: dark ink on white, upscaled to `size`, a margin of a
    quarter of it on each side (the benchmark's and the tests' rendering, at any size)."""
    ink = (255 - np.asarray(grid) / 16.0 * 255).clip(0, 255).astype(np.uint8)
    digit = Image.fromarray(ink, mode="L").resize((size, size), resample)
    canvas = Image.new("L", (size + size // 2, size + size // 2), 255)
    canvas.paste(digit, (size // 4, size // 4))
    return canvas


def training_items() -> list[Item]:
    items = []
    for face in range(len(fonts.training_faces())):
        for digit in range(10):
            items += [Item("font", digit, face, r) for r in range(FONT_RENDERS)]
    for digit in range(10):
        items += [Item("pen", digit, k, 0) for k in range(PEN_PER_DIGIT)]
    _, _, y_train, _ = sklearn_split()
    for index, label in enumerate(y_train):
        items += [Item("sklearn", int(label), index, r) for r in range(SKLEARN_RENDERS)]
    return items


SOURCES = {"font": 0, "pen": 1, "sklearn": 2}
_RESAMPLING = (Image.Resampling.BILINEAR, Image.Resampling.BICUBIC, Image.Resampling.LANCZOS)


def training_picture(item: Item, *, distort: bool = True) -> Image.Image:
    """The picture of one training item, distorted unless `distort` is False."""
    rng = np.random.default_rng([TRAIN_SEED, SOURCES[item.source], item.key, item.label])
    rng = np.random.default_rng(rng.integers(2**63) + item.render)
    if item.source == "font":
        face = fonts.training_faces()[item.key]
        picture = fonts.render_glyph(face, item.label, int(rng.integers(18, 100)))
        return picture if item.render == 0 or not distort else augment(picture, rng, FULL)
    if item.source == "pen":
        shapes = sorted(SHAPES[item.label])
        shape = shapes[item.key % len(shapes)]
        style = draw_style(rng, StyleSplit.TRAIN)
        picture = pen_digit(item.label, shape, style, rng, height=int(rng.integers(24, 112)))
        plain = rng.random() < PEN_PLAIN or not distort
        return picture if plain else augment(picture, rng, FULL)
    x_train, _, _, _ = sklearn_split()
    if item.render == 0 or not distort:
        return render_grid(x_train[item.key], size=64)
    resample = _RESAMPLING[int(rng.integers(len(_RESAMPLING)))]
    picture = render_grid(x_train[item.key], size=int(rng.integers(16, 112)), resample=resample)
    return augment(picture, rng, LIGHT)


def prepared(item: Item) -> npt.NDArray[np.float32]:
    """The gateway's input for one training item: its distorted picture, or the undistorted one
    where the distortion left nothing the gateway accepts as a digit (a rare, faint case)."""
    try:
        return image_to_square(training_picture(item), SIDE, BOX)
    except InvalidInput:
        return image_to_square(training_picture(item, distort=False), SIDE, BOX)


def _prepare(items: Sequence[Item]) -> Images:
    return np.stack([prepared(item) for item in items])


def training_arrays(
    items: Sequence[Item], *, workers: int = 1, chunk: int = 500, progress: Callable[[int], None]
) -> tuple[Images, Labels]:
    """Every item's picture prepared as the gateway prepares it: float32 [N, 28, 28], and the
    labels. The result does not depend on `workers` (each item has its own seed)."""
    chunks = [items[start : start + chunk] for start in range(0, len(items), chunk)]
    done = 0
    parts = []
    if workers <= 1:
        results: Iterator[Images] = map(_prepare, chunks)
        for part in results:
            parts.append(part)
            done += len(part)
            progress(done)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(_prepare, chunks):
                parts.append(part)
                done += len(part)
                progress(done)
    labels = np.asarray([item.label for item in items], dtype=np.int64)
    return np.concatenate(parts), labels


# --- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvalImage:
    """One evaluation file and its true digit; `detail` names what it shows."""

    data: bytes
    label: int
    detail: str


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def sklearn_eval() -> list[EvalImage]:
    """scikit-learn's held-out split (360 images), rendered as the benchmark and the tests do."""
    _, x_test, _, y_test = sklearn_split()
    return [
        EvalImage(_png(render_grid(grid, size=64)), int(label), f"held-out image {i}")
        for i, (grid, label) in enumerate(zip(x_test, y_test, strict=True))
    ]


def font_eval() -> list[EvalImage]:
    """Every digit of every held-out face, typeset at FONT_EVAL_SIZES, dark on white."""
    out = []
    for face in fonts.held_out_faces():
        for digit in range(10):
            for size in FONT_EVAL_SIZES:
                picture = fonts.render_glyph(face, digit, size)
                out.append(EvalImage(_png(picture), digit, f"{face.name} {size}pt"))
    return out


def _pen_eval_picture(digit: int, index: int) -> tuple[Image.Image, str]:
    rng = np.random.default_rng([EVAL_SEED, 1, digit, index])
    shapes = sorted(SHAPES[digit])
    shape = shapes[index % len(shapes)]
    style = draw_style(rng, StyleSplit.HELD_OUT)
    picture = pen_digit(digit, shape, style, rng, height=int(rng.integers(32, 128)))
    return picture, f"shape {shape}, width {style.width:.3f}, slant {style.slant:.1f}"


def pen_eval() -> list[EvalImage]:
    """PEN_EVAL_PER_DIGIT pen-stroke digits per class in held-out styles, dark on white."""
    out = []
    for digit in range(10):
        for index in range(PEN_EVAL_PER_DIGIT):
            picture, detail = _pen_eval_picture(digit, index)
            out.append(EvalImage(_png(picture), digit, detail))
    return out


def photo_eval() -> list[EvalImage]:
    """Photo-like JPEGs: half of held-out faces, half of held-out pen styles."""
    faces = fonts.held_out_faces()
    out = []
    for digit in range(10):
        for index in range(PHOTO_EVAL_PER_DIGIT):
            rng = np.random.default_rng([EVAL_SEED, 2, digit, index])
            if index % 2 == 0:
                face = faces[int(rng.integers(len(faces)))]
                picture = fonts.render_glyph(face, digit, int(rng.integers(40, 96)))
                detail = f"photo of {face.name}"
            else:
                picture, detail = _pen_eval_picture(digit, 10_000 + index)
                detail = f"photo of pen strokes, {detail}"
            out.append(EvalImage(photograph(picture, rng), digit, detail))
    return out


EVALUATION_SETS: dict[str, Callable[[], list[EvalImage]]] = {
    "sklearn": sklearn_eval,
    "fonts": font_eval,
    "pen": pen_eval,
    "photo": photo_eval,
}
