"""The input geometry of an image model version: the size of the grid it reads and how a picture
is normalised into it. Declared per version in the model's Triton configuration, resolved by the
catalog when it loads, read by the processor for every request.

Triton's configuration is per model, not per version, so a model whose versions read different
grids declares each version's geometry under its own keys (string parameters)::

    image.v3.size           "28x28"   rows x columns
    image.v3.normalisation  "mnist"   a name the model's processor knows

and, for every version without its own keys, a model-wide ``image.size`` and
``image.normalisation``. The input tensor's dims then say only what every version shares (e.g.
``[-1, -1]``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

SIZE_KEY = "size"
NORMALISATION_KEY = "normalisation"
PREFIX = "image"
_SIZE = re.compile(r"^\s*(\d{1,4})\s*x\s*(\d{1,4})\s*$")


@dataclass(frozen=True)
class ImageGeometry:
    """A version's input: `height` x `width` values, made by the named `normalisation`."""

    height: int
    width: int
    normalisation: str

    @property
    def size(self) -> str:
        return f"{self.height}x{self.width}"


def parameter_key(field: str, version: str | None = None) -> str:
    """``image.<field>`` (model-wide) or ``image.v<version>.<field>``."""
    return f"{PREFIX}.{field}" if version is None else f"{PREFIX}.v{version}.{field}"


def declared_geometry(parameters: Mapping[str, str], version: str) -> ImageGeometry | None:
    """The geometry `parameters` declare for `version` (its own keys, else the model-wide ones);
    None when neither declares both a size and a normalisation.

    Raises ValueError for a size that is not ``<rows>x<columns>`` of positive numbers."""
    size = parameters.get(parameter_key(SIZE_KEY, version)) or parameters.get(
        parameter_key(SIZE_KEY)
    )
    normalisation = parameters.get(parameter_key(NORMALISATION_KEY, version)) or parameters.get(
        parameter_key(NORMALISATION_KEY)
    )
    if not size or not normalisation:
        return None
    found = _SIZE.match(size)
    if found is None or int(found.group(1)) < 1 or int(found.group(2)) < 1:
        raise ValueError(f"image size {size!r} is not <rows>x<columns>")
    return ImageGeometry(int(found.group(1)), int(found.group(2)), normalisation.strip())
