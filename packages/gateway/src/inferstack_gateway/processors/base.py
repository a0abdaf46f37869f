"""What a processor is: the model-specific pre- and post-processing for one task."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy.typing as npt

from inferstack_gateway.imaging import ImageLimits
from inferstack_schemas import LabelScore

Array = npt.NDArray[Any]


class ImageClassifier(Protocol):
    """Turns image files into the model's input batch, and its output into ranked labels."""

    task: str  # "image-classification"

    def preprocess(self, images: Sequence[bytes], limits: ImageLimits) -> Array:
        """One batch holding every image, in order; raises a GatewayError naming bad images."""
        ...

    def postprocess(
        self, output: Array, labels: Sequence[str], top_k: int
    ) -> list[list[LabelScore]]:
        """Per image, the `top_k` labels, most probable first."""
        ...
