"""The heatmap's display arithmetic: dot products of the gateway's unit vectors, as cells."""

from __future__ import annotations

import math

import pytest

from inferstack_ui.similarity import cosine_matrix, heatmap_cells, nearest


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


def test_heatmap_cells_are_numbered_one_per_pair_row_by_row() -> None:
    cells = heatmap_cells(["a", "b"], [[1.0, 0.5], [0.5, 1.0]])
    assert [(c["row"], c["column"], c["similarity"]) for c in cells] == [
        (1, 1, 1.0),
        (1, 2, 0.5),
        (2, 1, 0.5),
        (2, 2, 1.0),
    ]
    assert (cells[1]["row sentence"], cells[1]["column sentence"]) == ("a", "b")


def test_nearest_sentences_most_similar_first() -> None:
    matrix = [[1.0, 0.2, 0.9], [0.2, 1.0, 0.2], [0.9, 0.2, 1.0]]
    assert nearest(matrix, 0) == [(2, 0.9), (1, 0.2)]
    assert nearest(matrix, 1) == [(0, 0.2), (2, 0.2)], "ties in order"
