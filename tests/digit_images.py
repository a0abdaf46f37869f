"""Digit images the tests send: held-out samples of the training data rendered as files."""

from __future__ import annotations

import base64
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
