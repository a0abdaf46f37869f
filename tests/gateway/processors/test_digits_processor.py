"""The digits processor's start-up: `load` pays the pre-processing's first-use costs.

Each check runs in a fresh interpreter, the only place where "first use" means anything: it
converts one image and reports which modules that conversion imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from inferstack_gateway.processors.digits import DigitsProcessor, sketched_one
from inferstack_gateway.processors.digits_image import MAX_VALUE
from inferstack_gateway.processors.imaging import ImageLimits
from tests.digit_images import held_out, render

FIRST_IMAGE = """
import json, sys
from pathlib import Path
from inferstack_gateway.processors.digits import DigitsProcessor
from inferstack_gateway.settings import GatewaySettings

processor = DigitsProcessor()
if sys.argv[2] == "load":
    processor.load()
data = Path(sys.argv[1]).read_bytes()
before = set(sys.modules)
grids = processor.preprocess([data], GatewaySettings().image_limits)
print(json.dumps({"shape": list(grids.shape), "imported": sorted(set(sys.modules) - before)}))
"""


@dataclass(frozen=True)
class FirstImage:
    shape: list[int]  # of the batch the image became
    imported: list[str]  # modules its conversion imported


def first_image(path: Path, *, load: bool) -> FirstImage:
    """In a fresh interpreter: (after `load`, when asked) convert the image at `path`."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_IMAGE, str(path), "load" if load else "no-load"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout)
    return FirstImage(shape=result["shape"], imported=result["imported"])


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "BMP"])
def test_after_load_the_first_image_imports_nothing(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"digit.{fmt.lower()}"
    path.write_bytes(render(held_out().images[0], fmt=fmt))
    result = first_image(path, load=True)
    assert result.shape == [1, 8, 8]
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
    (grid,) = processor.preprocess([sketched_one()], processor_limits())
    assert grid.max() == MAX_VALUE
    ink_per_column = grid.sum(axis=0)
    assert ink_per_column[:2].sum() == 0
    assert ink_per_column[-2:].sum() == 0
    assert int(np.argmax(ink_per_column)) in (3, 4)
    assert (grid.sum(axis=1) > 0).all()  # the stroke spans the full height, as "1"s do


def processor_limits() -> ImageLimits:
    return ImageLimits(max_pixels=10_000, allowed_formats=frozenset({"PNG"}))
