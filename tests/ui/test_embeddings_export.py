"""Embeddings as CSV and NPY files."""

from __future__ import annotations

import csv
import io

import numpy as np

from inferstack_ui.embeddings_export import to_csv, to_npy


def test_csv_and_npy_hold_the_vectors() -> None:
    vectors = [(0.6, 0.8), (1.0, 0.0)]
    rows = list(csv.reader(io.StringIO(to_csv(["a, b", "c"], vectors).decode())))
    assert rows[0] == ["#", "sentence", "e0", "e1"]
    assert rows[1] == ["1", "a, b", "0.6", "0.8"]
    array = np.load(io.BytesIO(to_npy(vectors)))
    assert array.dtype == np.float32
    assert array.shape == (2, 2)
    assert np.allclose(array, vectors)
