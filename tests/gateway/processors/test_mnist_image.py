"""The MNIST-style normalisation of digits v3: ink fitted into the box keeping its aspect ratio,
centred by its centre of mass, values 0..1 with the ink high, from pictures of any kind."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from inferstack_gateway.errors import InvalidInput
from inferstack_gateway.processors.ink import place
from inferstack_gateway.processors.mnist_image import (
    centre_of_mass,
    image_to_square,
    ink_to_square,
)


def drawn(strokes: list[list[tuple[int, int]]], size: tuple[int, int] = (200, 240)) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for stroke in strokes:
        draw.line(stroke, fill=0, width=14, joint="curve")
    return image


SEVEN = [[(40, 40), (160, 40), (90, 200)]]
ONE = [[(100, 30), (100, 210)]]


def test_the_square_has_the_size_range_and_ink_high() -> None:
    square = image_to_square(drawn(SEVEN), 28, 20)
    assert square.shape == (28, 28)
    assert square.dtype == np.float32
    assert float(square.min()) == 0.0
    assert 0.9 <= float(square.max()) <= 1.0  # the stroke level is 1, split between pixels
    rows = np.flatnonzero(square.sum(axis=1) > 0)
    assert rows[-1] - rows[0] + 1 <= 21  # the 20x20 box (and a fraction of a pixel)


def test_the_ink_fits_the_box_keeping_its_aspect_ratio() -> None:
    square = image_to_square(drawn(ONE), 28, 20)
    rows = np.flatnonzero(square.sum(axis=1) > 0.05)
    cols = np.flatnonzero(square.sum(axis=0) > 0.05)
    assert 19 <= rows[-1] - rows[0] + 1 <= 21  # the long side fills the box
    assert cols[-1] - cols[0] + 1 <= 5  # a "1" stays thin, not stretched to a square


def test_the_centre_of_mass_is_the_centre() -> None:
    for strokes in (SEVEN, ONE):
        row, col = centre_of_mass(image_to_square(drawn(strokes), 28, 20).astype(np.float64))
        assert row == pytest.approx(14.0, abs=0.1)
        assert col == pytest.approx(14.0, abs=0.1)


def test_polarity_position_and_size_do_not_change_the_square() -> None:
    base = image_to_square(drawn(SEVEN), 28, 20)
    inverted = Image.eval(drawn(SEVEN), lambda v: 255 - v)
    elsewhere = Image.new("L", (600, 500), 255)
    elsewhere.paste(drawn(SEVEN), (350, 20))
    bigger = drawn(SEVEN).resize((400, 480), Image.Resampling.BILINEAR)
    for other in (inverted, elsewhere, bigger):
        assert np.abs(image_to_square(other, 28, 20) - base).mean() < 0.03


def test_a_tiny_digit_is_enlarged_smoothly() -> None:
    tiny = drawn(SEVEN).resize((12, 14), Image.Resampling.BOX)
    square = image_to_square(tiny, 28, 20)
    assert square.max() > 0.9
    assert len(np.unique(square)) > 20  # bilinear, not blocks of repeated pixels


def test_other_sides_and_boxes() -> None:
    square = image_to_square(drawn(SEVEN), 16, 12)
    assert square.shape == (16, 16)
    rows = np.flatnonzero(square.sum(axis=1) > 0.05)
    assert rows[-1] - rows[0] + 1 <= 13


def test_a_blank_picture_has_no_digit() -> None:
    with pytest.raises(InvalidInput, match="no visible digit"):
        image_to_square(Image.new("L", (50, 50), 200), 28, 20)
    with pytest.raises(InvalidInput):
        ink_to_square(np.zeros((5, 5)), 28, 20)


def test_place_splits_a_fractional_offset_between_pixels() -> None:
    placed = place(np.ones((1, 1)), 4, 1.25, 2.5)
    assert placed.sum() == pytest.approx(1.0)
    assert placed[1, 2] == pytest.approx(0.75 * 0.5)
    assert placed[2, 3] == pytest.approx(0.25 * 0.5)
