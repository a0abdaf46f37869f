"""Digit images the tests send: held-out samples of the training data rendered as files."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from inferstack_bench.workloads import render as render  # the scans the benchmark sends too


@dataclass(frozen=True)
class HeldOut:
    images: npt.NDArray[np.float64]  # [N, 8, 8], 0..16
    labels: npt.NDArray[np.int64]


@cache
def held_out() -> HeldOut:
    """The fixed 20% the model cards report accuracy on."""
    digits = load_digits()
    _, x_test, _, y_test = train_test_split(
        digits.images, digits.target, test_size=0.2, stratify=digits.target, random_state=0
    )
    return HeldOut(images=np.asarray(x_test), labels=np.asarray(y_test))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


Stroke = list[tuple[int, int]]
CANVAS_SIDE = 280  # the UI's drawing canvas (inferstack_ui.canvas), and its pen
CANVAS_STROKE = 22
#: A 7 as a person draws it on the canvas, with and without a crossbar.
SEVEN = [[(70, 60), (212, 60), (124, 232)]]
SEVEN_CROSSBAR = [*SEVEN, [(104, 148), (196, 146)]]


def drawn(strokes: list[Stroke], side: int = CANVAS_SIDE, width: int = CANVAS_STROKE) -> bytes:
    """A PNG of `strokes` as the canvas makes it: black, round-ended, on white."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (side, side), "white")
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        draw.line(stroke, fill="black", width=width, joint="curve")
        for x, y in (stroke[0], stroke[-1]):
            draw.ellipse((x - width // 2, y - width // 2, x + width // 2, y + width // 2), "black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
