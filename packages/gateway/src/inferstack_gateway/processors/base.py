"""What a processor is: the model-specific pre- and post-processing for one task.

A processor declares its task as a literal, so code holding a `Processor` (any task) narrows it
to the right protocol by checking `processor.task`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from inferstack_gateway.processors.geometry import ImageGeometry
from inferstack_gateway.processors.imaging import ImageLimits
from inferstack_schemas import LabelScore, Task, TextLabelScore

Array = npt.NDArray[Any]
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


class ImageClassifier(Protocol):
    """Turns image files into the model's input batch, and its output into ranked labels."""

    @property
    def task(self) -> Literal[Task.IMAGE_CLASSIFICATION]: ...

    def load(self) -> None:
        """Get ready to serve (once per process, before the first request); raise when it
        cannot."""
        ...

    def geometry(self, declared: ImageGeometry | None, dims: Sequence[int]) -> ImageGeometry:
        """The geometry a model version is served with: `declared` by its configuration, or
        (None) what its input tensor's `dims` (batch dimension excluded) imply. Raises
        ValueError, saying why, for a geometry this processor cannot make."""
        ...

    def preprocess(
        self, images: Sequence[bytes], limits: ImageLimits, geometry: ImageGeometry
    ) -> Array:
        """One batch holding every image, in order, each made to `geometry`. Raises ONE
        GatewayError for all bad images, each named by an `ItemError("images", index, ...)`."""
        ...

    def model_inputs(self, batch: Array, geometry: ImageGeometry) -> list[bytes]:
        """Each row of a `preprocess` batch as a small grayscale PNG: what the model reads."""
        ...

    def postprocess(
        self, output: Array, labels: Sequence[str], top_k: int
    ) -> list[list[LabelScore]]:
        """Per image, the `top_k` labels, most probable first."""
        ...


@dataclass(frozen=True)
class TokenizedBatch:
    """Texts as a transformer reads them: token ids and attention mask, padded on the right to
    the longest text of the batch, and per text its token count and whether it was cut."""

    input_ids: IntArray  # [N, S]
    attention_mask: IntArray  # [N, S], 1 on real tokens, 0 on padding
    tokens: list[int]  # per text: tokens fed to the model (special tokens included)
    truncated: list[bool]  # per text: whether tokens were cut at the maximum length

    def __len__(self) -> int:
        return len(self.tokens)

    def tensors(self, rows: Sequence[int] | None = None) -> dict[str, IntArray]:
        """The model inputs of the texts `rows` (default all, in order), padded only to the
        longest of those texts."""
        if rows is None:
            return {"input_ids": self.input_ids, "attention_mask": self.attention_mask}
        width = max((self.tokens[row] for row in rows), default=0)
        index = np.asarray(rows, dtype=np.intp)
        return {
            "input_ids": self.input_ids[index, :width],
            "attention_mask": self.attention_mask[index, :width],
        }


class TextEmbedder(Protocol):
    """Turns texts into token tensors, and the model's output into unit-length embeddings; ranks
    labels for texts by the similarity of their embeddings (zero-shot classification)."""

    @property
    def task(self) -> Literal[Task.EMBEDDINGS]: ...

    def load(self) -> None:
        """Load (once per process) and check what the processor needs; raise when it cannot."""
        ...

    def max_length(self, configured: str | None) -> int:
        """Tokens per text for a model whose configuration says `configured` (its
        `max_sequence_length` parameter; None or unusable: the processor's own default)."""
        ...

    def preprocess(self, texts: Sequence[str], max_length: int) -> TokenizedBatch:
        """Tokenize every text, cut at `max_length` tokens, as one batch."""
        ...

    def postprocess(self, output: Array, count: int) -> FloatArray:
        """The `count` embeddings, float32 [count, D], each of unit length."""
        ...

    def rank_labels(
        self,
        texts: FloatArray,
        hypotheses: FloatArray,
        labels: Sequence[str],
        *,
        multi_label: bool = False,
    ) -> list[list[TextLabelScore]]:
        """Per text, every label with its probability and similarity, most probable first:
        a softmax across the labels, or with `multi_label` each label's own score."""
        ...


Processor = ImageClassifier | TextEmbedder
