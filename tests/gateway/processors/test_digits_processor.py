"""The digits processor: each version's geometry (8x8 `optdigits`, 28x28 `mnist`) served by
the same processor, its checks of declared geometries, the model inputs it shows, and its
start-up (`load` pays the pre-processing's first-use costs).

The start-up checks run in a fresh interpreter, the only place where "first use" means anything:
it converts one image and reports which modules that conversion imported.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from inferstack_gateway.processors.digits import MNIST, OPTDIGITS, DigitsProcessor, sketched_one
from inferstack_gateway.processors.digits_image import MAX_VALUE
from inferstack_gateway.processors.geometry import ImageGeometry
from inferstack_gateway.processors.imaging import ImageLimits
from tests.digit_images import held_out, render

GRID8 = ImageGeometry(8, 8, OPTDIGITS)
SQUARE28 = ImageGeometry(28, 28, MNIST)

FIRST_IMAGE = """
import json, sys
from pathlib import Path
from inferstack_gateway.processors.digits import DigitsProcessor
from inferstack_gateway.processors.geometry import ImageGeometry
from inferstack_gateway.settings import GatewaySettings

processor = DigitsProcessor()
if sys.argv[2] == "load":
    processor.load()
data = Path(sys.argv[1]).read_bytes()
geometry = ImageGeometry(int(sys.argv[3]), int(sys.argv[3]), sys.argv[4])
before = set(sys.modules)
grids = processor.preprocess([data], GatewaySettings().image_limits, geometry)
processor.model_inputs(grids, geometry)
print(json.dumps({"shape": list(grids.shape), "imported": sorted(set(sys.modules) - before)}))
"""


@dataclass(frozen=True)
class FirstImage:
    shape: list[int]  # of the batch the image became
    imported: list[str]  # modules its conversion imported


def first_image(path: Path, *, load: bool, geometry: ImageGeometry = GRID8) -> FirstImage:
    """In a fresh interpreter: (after `load`, when asked) convert the image at `path`."""
    side, name = str(geometry.height), geometry.normalisation
    done = subprocess.run(
        [sys.executable, "-c", FIRST_IMAGE, str(path), "load" if load else "no-load", side, name],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout)
    return FirstImage(shape=result["shape"], imported=result["imported"])


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "BMP"])
@pytest.mark.parametrize("geometry", [GRID8, SQUARE28], ids=["8x8", "28x28"])
def test_after_load_the_first_image_imports_nothing(
    tmp_path: Path, fmt: str, geometry: ImageGeometry
) -> None:
    path = tmp_path / f"digit.{fmt.lower()}"
    path.write_bytes(render(held_out().images[0], fmt=fmt))
    result = first_image(path, load=True, geometry=geometry)
    assert result.shape == [1, geometry.height, geometry.width]
    assert result.imported == []


def test_without_load_the_first_image_imports_modules(tmp_path: Path) -> None:
    # The control: what `load` saves the first request exists.
    path = tmp_path / "digit.png"
    path.write_bytes(render(held_out().images[0]))
    result = first_image(path, load=False)
    assert result.shape == [1, 8, 8]
    assert result.imported != []


def test_the_sketched_digit_is_one_centred_vertical_stroke() -> None:
    processor = DigitsProcessor()
    processor.load()
    (grid,) = processor.preprocess([sketched_one()], processor_limits(), GRID8)
    assert grid.max() == MAX_VALUE
    ink_per_column = grid.sum(axis=0)
    assert ink_per_column[:2].sum() == 0
    assert ink_per_column[-2:].sum() == 0
    assert int(np.argmax(ink_per_column)) in (3, 4)
    assert (grid.sum(axis=1) > 0).all()  # the stroke spans the full height, as "1"s do


def processor_limits() -> ImageLimits:
    return ImageLimits(max_pixels=10_000, allowed_formats=frozenset({"PNG"}))


def test_one_processor_serves_each_geometry() -> None:
    processor = DigitsProcessor()
    images = [render(held_out().images[i]) for i in range(3)]
    grids = processor.preprocess(images, processor_limits(), GRID8)
    squares = processor.preprocess(images, processor_limits(), SQUARE28)
    assert grids.shape == (3, 8, 8)
    assert grids.dtype == np.float32
    assert float(grids.max()) == MAX_VALUE
    assert squares.shape == (3, 28, 28)
    assert squares.dtype == np.float32
    assert 0.9 < float(squares.max()) <= 1.0
    assert processor.preprocess([], processor_limits(), SQUARE28).shape == (0, 28, 28)


def test_model_inputs_are_pngs_of_the_input_size() -> None:
    from io import BytesIO

    from PIL import Image

    processor = DigitsProcessor()
    for geometry in (GRID8, SQUARE28):
        batch = processor.preprocess([sketched_one()], processor_limits(), geometry)
        (png,) = processor.model_inputs(batch, geometry)
        image = Image.open(BytesIO(png))
        assert (image.format, image.mode) == ("PNG", "L")
        assert image.size == (geometry.width, geometry.height)
        pixels = np.asarray(image)
        assert pixels.max() >= 230  # the strongest ink is (nearly) white
        assert pixels[0, 0] == 0  # the background black


@pytest.mark.parametrize(
    ("declared", "dims", "expected"),
    [
        (SQUARE28, (-1, -1), SQUARE28),
        (GRID8, (-1, -1), GRID8),
        (None, (8, 8), GRID8),  # a model declaring nothing: its dims, the 8x8 normalisation
        (ImageGeometry(16, 16, MNIST), (16, -1), ImageGeometry(16, 16, MNIST)),
    ],
)
def test_declared_geometries_are_checked(
    declared: ImageGeometry | None, dims: tuple[int, ...], expected: ImageGeometry
) -> None:
    assert DigitsProcessor().geometry(declared, dims) == expected


@pytest.mark.parametrize(
    ("declared", "dims", "message"),
    [
        (ImageGeometry(28, 28, OPTDIGITS), (-1, -1), "makes 8x8 grids, not 28x28"),
        (ImageGeometry(28, 20, MNIST), (-1, -1), "squares of at least 8x8, not 28x20"),
        (ImageGeometry(28, 28, "sobel"), (-1, -1), "unknown normalisation 'sobel'"),
        (SQUARE28, (8, 8), "does not fit the input dims [8, 8]"),
        (None, (-1, -1), "no image geometry declared"),
    ],
)
def test_geometries_the_processor_cannot_make_are_refused(
    declared: ImageGeometry | None, dims: tuple[int, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        DigitsProcessor().geometry(declared, dims)
