"""The gateway's embeddings as files to download: CSV (one row per sentence) and NumPy's .npy."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import numpy as np


def to_csv(sentences: Sequence[str], vectors: Sequence[Sequence[float]]) -> bytes:
    """`#, sentence, e0 ... e<d-1>`: one row per sentence, numbered from 1 as on the page."""
    dimensions = len(vectors[0]) if vectors else 0
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["#", "sentence", *(f"e{i}" for i in range(dimensions))])
    for number, (sentence, vector) in enumerate(zip(sentences, vectors, strict=True), start=1):
        writer.writerow([number, sentence, *(repr(float(value)) for value in vector)])
    return out.getvalue().encode("utf-8")


def to_npy(vectors: Sequence[Sequence[float]]) -> bytes:
    """The vectors as one float32 array of shape [sentences, dimensions], in .npy format."""
    out = io.BytesIO()
    np.save(out, np.asarray(vectors, dtype=np.float32), allow_pickle=False)
    return out.getvalue()
