"""The similarity heatmap's numbers: display arithmetic on the vectors the gateway returned.

The gateway's embeddings are already unit length (its contract: cosine similarity = dot product),
so the cosine similarity of two sentences is the dot product of their two vectors. Nothing is
normalised, tokenised or embedded here; this only arranges the gateway's answer as a matrix.
"""

from __future__ import annotations

from collections.abc import Sequence


def cosine_matrix(vectors: Sequence[Sequence[float]]) -> list[list[float]]:
    """The N x N matrix of dot products of `vectors`, which the gateway returned unit length."""
    dimensions = {len(vector) for vector in vectors}
    if len(dimensions) > 1:
        raise ValueError(f"vectors of different lengths: {sorted(dimensions)}")
    return [
        [sum(a * b for a, b in zip(row, column, strict=True)) for column in vectors]
        for row in vectors
    ]


def heatmap_cells(
    labels: Sequence[str], matrix: Sequence[Sequence[float]]
) -> list[dict[str, str | float]]:
    """One cell per (row, column) pair, in the long form a chart wants: labels and the value."""
    return [
        {"row": labels[i], "column": labels[j], "similarity": value}
        for i, values in enumerate(matrix)
        for j, value in enumerate(values)
    ]
