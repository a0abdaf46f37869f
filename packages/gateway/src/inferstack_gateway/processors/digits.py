"""The `digits` model: image files to 8x8 grids, probabilities to labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from inferstack_gateway.imaging import ImageLimits
from inferstack_gateway.processors.base import Array
from inferstack_gateway.processors.classification import top_k_labels
from inferstack_gateway.processors.digits_image import images_to_batch
from inferstack_schemas import LabelScore


class DigitsProcessor:
    """Handwritten digits, as scikit-learn's 8x8 data set has them (0..16, ink high)."""

    task: Final = "image-classification"

    def preprocess(self, images: Sequence[bytes], limits: ImageLimits) -> Array:
        return images_to_batch(images, limits)

    def postprocess(
        self, output: Array, labels: Sequence[str], top_k: int
    ) -> list[list[LabelScore]]:
        return top_k_labels(output, labels, top_k)
