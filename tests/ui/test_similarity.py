"""The heatmap's display arithmetic: dot products of the gateway's unit vectors, as cells."""

from __future__ import annotations

import math

import pytest

from inferstack_ui.similarity import cosine_matrix, heatmap_cells


def test_cosine_matrix_is_the_dot_products_of_unit_vectors() -> None:
    s = 1 / math.sqrt(2)
    vectors = [(1.0, 0.0), (s, s), (0.0, -1.0)]
    matrix = cosine_matrix(vectors)
    expected = [[1.0, s, 0.0], [s, 1.0, -s], [0.0, -s, 1.0]]
    for row, want in zip(matrix, expected, strict=True):
        assert row == pytest.approx(want)


def test_cosine_matrix_of_nothing_and_of_mismatched_vectors() -> None:
    assert cosine_matrix([]) == []
    with pytest.raises(ValueError, match="different lengths"):
        cosine_matrix([(1.0, 0.0), (1.0,)])


def test_heatmap_cells_are_one_per_pair_row_by_row() -> None:
    cells = heatmap_cells(["a", "b"], [[1.0, 0.5], [0.5, 1.0]])
    assert cells == [
        {"row": "a", "column": "a", "similarity": 1.0},
        {"row": "a", "column": "b", "similarity": 0.5},
        {"row": "b", "column": "a", "similarity": 0.5},
        {"row": "b", "column": "b", "similarity": 1.0},
    ]
