"""Per-version input geometry declared in a model's configuration parameters."""

from __future__ import annotations

import pytest

from inferstack_gateway.processors.geometry import ImageGeometry, declared_geometry

PARAMETERS = {
    "image.size": "8x8",
    "image.normalisation": "optdigits",
    "image.v3.size": "28 x 28",
    "image.v3.normalisation": "mnist",
}


def test_a_version_reads_its_own_keys() -> None:
    assert declared_geometry(PARAMETERS, "3") == ImageGeometry(28, 28, "mnist")


def test_other_versions_fall_back_to_the_model_wide_keys() -> None:
    assert declared_geometry(PARAMETERS, "1") == ImageGeometry(8, 8, "optdigits")


def test_nothing_declared_is_none() -> None:
    assert declared_geometry({"image.v3.size": "28x28"}, "3") is None
    assert declared_geometry({}, "1") is None


@pytest.mark.parametrize("size", ["28", "28x", "0x28", "axb", "28x28x1"])
def test_a_malformed_size_is_refused(size: str) -> None:
    with pytest.raises(ValueError, match="not <rows>x<columns>"):
        declared_geometry({"image.size": size, "image.normalisation": "mnist"}, "1")


def test_size_text() -> None:
    assert ImageGeometry(28, 20, "mnist").size == "28x20"
