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
    sentences: Sequence[str], matrix: Sequence[Sequence[float]]
) -> list[dict[str, str | int | float]]:
    """One cell per (row, column) pair, in the long form a chart wants.

    Rows and columns are sentence numbers (1-based, as the table beside the chart numbers them),
    short enough for any axis; the sentences themselves go along for the tooltip.
    """
    return [
        {
            "row": i + 1,
            "column": j + 1,
            "similarity": value,
            "row sentence": sentences[i],
            "column sentence": sentences[j],
        }
        for i, values in enumerate(matrix)
        for j, value in enumerate(values)
    ]


def nearest(matrix: Sequence[Sequence[float]], index: int) -> list[tuple[int, float]]:
    """The other sentences by similarity to sentence `index`, most similar first: (j, cosine)."""
    row = matrix[index]
    others = [(j, value) for j, value in enumerate(row) if j != index]
    return sorted(others, key=lambda pair: (-pair[1], pair[0]))
