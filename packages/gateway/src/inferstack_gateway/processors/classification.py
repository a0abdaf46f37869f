"""Post-processing shared by classifiers: rank probabilities into labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from inferstack_schemas import LabelScore


def top_k_labels(
    probabilities: npt.NDArray[Any], labels: Sequence[str], top_k: int
) -> list[list[LabelScore]]:
    """Per row of `probabilities` [N, C], the `top_k` labels, most probable first."""
    k = min(top_k, probabilities.shape[1])
    # argsort on the negated row keeps equal scores in label order (stable).
    order = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
    return [
        [
            LabelScore(label=labels[i] if i < len(labels) else str(i), probability=float(row[i]))
            for i in ranked
        ]
        for row, ranked in zip(probabilities.clip(0.0, 1.0), order, strict=True)
    ]
