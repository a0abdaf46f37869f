"""The `digits` model: image files to 8x8 grids, probabilities to labels."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

from PIL import Image, ImageDraw

from inferstack_gateway.processors.base import Array
from inferstack_gateway.processors.classification import top_k_labels
from inferstack_gateway.processors.digits_image import images_to_batch
from inferstack_gateway.processors.imaging import ImageLimits
from inferstack_schemas import LabelScore, Task

_SKETCH_SIDE = 48


class DigitsProcessor:
    """Handwritten digits, as scikit-learn's 8x8 data set has them (0..16, ink high)."""

    task: Final = Task.IMAGE_CLASSIFICATION

    def load(self) -> None:
        """Run the whole pre-processing once, on a digit drawn here, before serving.

        What the pipeline loads on first use (Pillow's format plugins, parts of numpy) then
        costs start-up time, not the first user's request: tens of milliseconds otherwise.
        Raises what the pre-processing raises should it fail on that digit.
        """
        Image.init()  # every format plugin, not only those Image.open tries first
        limits = ImageLimits(max_pixels=_SKETCH_SIDE**2, allowed_formats=frozenset({"PNG"}))
        images_to_batch([sketched_one()], limits)

    def preprocess(self, images: Sequence[bytes], limits: ImageLimits) -> Array:
        return images_to_batch(images, limits)

    def postprocess(
        self, output: Array, labels: Sequence[str], top_k: int
    ) -> list[list[LabelScore]]:
        return top_k_labels(output, labels, top_k)


def sketched_one() -> bytes:
    """A PNG of a "1": one dark vertical stroke on white paper."""
    image = Image.new("L", (_SKETCH_SIDE, _SKETCH_SIDE), 255)
    middle = _SKETCH_SIDE // 2
    ImageDraw.Draw(image).line([(middle, 8), (middle, _SKETCH_SIDE - 8)], fill=0, width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
