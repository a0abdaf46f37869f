"""The `digits` model: image files to each version's input grid, probabilities to labels.

A version's geometry (see `geometry.py`) names one of two normalisations:

- ``optdigits`` (versions 1 and 2): 8x8 cells, values 0..16, as scikit-learn's digits were made
  (`digits_image.py`);
- ``mnist`` (version 3): the ink fitted into a box of 20/28 of the side keeping its aspect
  ratio, centred by its centre of mass, values 0..1 (`mnist_image.py`); any square side from 8.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Final

from PIL import Image, ImageDraw

from inferstack_gateway.processors.base import Array
from inferstack_gateway.processors.classification import top_k_labels
from inferstack_gateway.processors.digits_image import GRID, MAX_VALUE, image_to_digit_grid
from inferstack_gateway.processors.geometry import ImageGeometry
from inferstack_gateway.processors.image_batch import Convert, grid_to_png, images_to_batch
from inferstack_gateway.processors.imaging import ImageLimits
from inferstack_gateway.processors.mnist_image import image_to_square
from inferstack_schemas import LabelScore, Task

_SKETCH_SIDE = 48
OPTDIGITS = "optdigits"
MNIST = "mnist"
MNIST_BOX_FRACTION = 20 / 28  # MNIST's 20x20 box in its 28x28 square
MIN_MNIST_SIDE = 8


def _optdigits(geometry: ImageGeometry) -> Convert:
    if (geometry.height, geometry.width) != (GRID, GRID):
        raise ValueError(
            f"normalisation {OPTDIGITS!r} makes {GRID}x{GRID} grids, not {geometry.size}"
        )
    return image_to_digit_grid


def _mnist(geometry: ImageGeometry) -> Convert:
    side = geometry.height
    if geometry.width != side or side < MIN_MNIST_SIDE:
        raise ValueError(
            f"normalisation {MNIST!r} makes squares of at least {MIN_MNIST_SIDE}x"
            f"{MIN_MNIST_SIDE}, not {geometry.size}"
        )
    return partial(image_to_square, side=side, box=round(side * MNIST_BOX_FRACTION))


#: Each normalisation: a factory checking the geometry and giving the per-image conversion, and
#: the value the conversion gives the strongest ink.
NORMALISATIONS: Mapping[str, tuple[Callable[[ImageGeometry], Convert], float]] = {
    OPTDIGITS: (_optdigits, MAX_VALUE),
    MNIST: (_mnist, 1.0),
}


class DigitsProcessor:
    """Handwritten, drawn or typed digits, for every geometry in NORMALISATIONS."""

    task: Final = Task.IMAGE_CLASSIFICATION

    def load(self) -> None:
        """Run each pre-processing once, on a digit drawn here, before serving.

        What the pipelines load on first use (Pillow's format plugins, parts of numpy) then
        costs start-up time, not the first user's request: tens of milliseconds otherwise.
        Raises what the pre-processing raises should it fail on that digit.
        """
        Image.init()  # every format plugin, not only those Image.open tries first
        limits = ImageLimits(max_pixels=_SKETCH_SIDE**2, allowed_formats=frozenset({"PNG"}))
        for geometry in (ImageGeometry(GRID, GRID, OPTDIGITS), ImageGeometry(28, 28, MNIST)):
            batch = self.preprocess([sketched_one()], limits, geometry)
            self.model_inputs(batch, geometry)

    def geometry(self, declared: ImageGeometry | None, dims: Sequence[int]) -> ImageGeometry:
        if declared is None:
            if len(dims) != 2 or min(dims) < 1:
                raise ValueError(
                    f"no image geometry declared (image.size, image.normalisation) and the "
                    f"input dims {list(dims)} do not give one"
                )
            declared = ImageGeometry(dims[0], dims[1], OPTDIGITS)
        size = (declared.height, declared.width)
        if len(dims) != 2 or any(d not in (-1, n) for d, n in zip(dims, size, strict=True)):
            raise ValueError(f"image size {declared.size} does not fit the input dims {list(dims)}")
        self._converter(declared)
        return declared

    def preprocess(
        self, images: Sequence[bytes], limits: ImageLimits, geometry: ImageGeometry
    ) -> Array:
        shape = (geometry.height, geometry.width)
        return images_to_batch(images, limits, self._converter(geometry), shape)

    def model_inputs(self, batch: Array, geometry: ImageGeometry) -> list[bytes]:
        _, full_scale = NORMALISATIONS[geometry.normalisation]
        return [grid_to_png(row, full_scale) for row in batch]

    def postprocess(
        self, output: Array, labels: Sequence[str], top_k: int
    ) -> list[list[LabelScore]]:
        return top_k_labels(output, labels, top_k)

    @staticmethod
    def _converter(geometry: ImageGeometry) -> Convert:
        found = NORMALISATIONS.get(geometry.normalisation)
        if found is None:
            known = ", ".join(sorted(NORMALISATIONS))
            raise ValueError(f"unknown normalisation {geometry.normalisation!r} (known: {known})")
        factory, _ = found
        return factory(geometry)


def sketched_one() -> bytes:
    """A PNG of a "1": one dark vertical stroke on white paper."""
    image = Image.new("L", (_SKETCH_SIDE, _SKETCH_SIDE), 255)
    middle = _SKETCH_SIDE // 2
    ImageDraw.Draw(image).line([(middle, 8), (middle, _SKETCH_SIDE - 8)], fill=0, width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
