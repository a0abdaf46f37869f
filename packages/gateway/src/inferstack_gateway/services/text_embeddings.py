"""Text embeddings and zero-shot text classification: check the texts, tokenize, one batched
Triton call, post-process, time each stage.

Texts (and, for classification, every label's hypothesis with them) go to Triton as one batch,
padded to its longest text. Only a batch larger than the model's `max_batch_size` is split: its
texts grouped by length (so each part pads little), the parts sent at once, the answers put
back in request order. Limits: texts, labels and tokens per request (413), characters per text
(422 naming the text).
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from anyio import to_thread

from inferstack_gateway.catalog import Catalog, Resolved
from inferstack_gateway.errors import BadRequest, PayloadTooLarge
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.processors.base import FloatArray, IntArray, TextEmbedder, TokenizedBatch
from inferstack_gateway.services.deadline import Deadline
from inferstack_gateway.services.text_checks import check_dimensions, check_distinct, check_texts
from inferstack_gateway.services.timings import stage_timings
from inferstack_gateway.triton import InferenceBackend, InputTensor
from inferstack_schemas import (
    ZERO_SHOT_FIT_THRESHOLD,
    EmbeddingItem,
    EmbeddingResponse,
    EmbeddingUsage,
    Task,
    TextClassification,
    TextClassificationResponse,
    Timings,
    hypothesis,
)

EncodingFormat = Literal["float", "base64"]


@dataclass(frozen=True)
class TextOptions:
    max_texts: int  # per request (413 past it)
    max_chars: int  # per text or label (422 naming it past it)
    max_labels: int  # per classification request (413 past it)
    max_tokens: int  # per request, after truncation, hypotheses included (413 past it)
    offload_threshold_chars: int  # requests with more characters are tokenized off the loop


@dataclass(frozen=True)
class _Embedded:
    """What one pass through the model gave: the version used, tokens, unit vectors, and when
    tokenizing began, when it ended and when the model's answer was in."""

    version: str
    batch: TokenizedBatch
    vectors: FloatArray
    began: float
    tokenized: float
    inferred: float


def encode_vector(vector: FloatArray, encoding_format: EncodingFormat) -> list[float] | str:
    """A float list, or (as OpenAI encodes it) base64 of the little-endian float32 bytes."""
    if encoding_format == "base64":
        return base64.b64encode(vector.astype("<f4").tobytes()).decode("ascii")
    values: list[float] = vector.tolist()
    return values


class TextEmbeddingService:
    """The one implementation behind the embeddings and the text classification routes."""

    def __init__(
        self,
        catalog: Catalog,
        backend: InferenceBackend,
        metrics: GatewayMetrics,
        options: TextOptions,
    ) -> None:
        self._catalog = catalog
        self._backend = backend
        self._metrics = metrics
        self._options = options

    def resolve(self, model: str, version: str | None) -> Resolved:
        """The model and version that will answer. Raises ModelNotFound / VersionNotFound
        (404), or BadRequest (400) for a model that does not embed texts."""
        target = self._catalog.resolve(model, version)
        if _embedder(target) is None:
            raise BadRequest(f"model {model!r} does not embed texts")
        return target

    async def embed(
        self,
        target: Resolved,
        texts: str | Sequence[str],
        *,
        encoding_format: EncodingFormat,
        request_id: str,
        started: float,
        deadline: Deadline,
        dimensions: int | None = None,
    ) -> EmbeddingResponse:
        """One embedding per text (a single string is a batch of one). Raises PayloadTooLarge
        (413: texts or tokens), InvalidInput (422: an `ItemError("texts", i)` per bad text, or
        `ItemError("dimensions")` for a length other than the model's) and the backend's
        errors."""
        single = isinstance(texts, str)
        texts = [texts] if isinstance(texts, str) else texts
        check_dimensions(target, dimensions)
        self._check_count(len(texts), self._options.max_texts, "texts")
        check_texts(texts, "texts", self._options.max_chars, noun="input", single=single)
        done = await self._embed(target, texts, request_id, deadline)
        data = [
            EmbeddingItem(
                index=i,
                embedding=encode_vector(vector, encoding_format),
                tokens=done.batch.tokens[i],
                truncated=done.batch.truncated[i],
            )
            for i, vector in enumerate(done.vectors)
        ]
        tokens = sum(done.batch.tokens)
        return EmbeddingResponse(
            data=data,
            model=target.model,
            version=target.version,
            usage=EmbeddingUsage(prompt_tokens=tokens, total_tokens=tokens),
            timings=_timings(started, done, time.perf_counter()),
            request_id=request_id,
        )

    async def classify(
        self,
        target: Resolved,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        hypothesis_template: str,
        request_id: str,
        started: float,
        deadline: Deadline,
        multi_label: bool = False,
    ) -> TextClassificationResponse:
        """Every label ranked for every text. Raises PayloadTooLarge (413), InvalidInput (422:
        `ItemError("texts" or "labels", i)` per bad or repeated item) and the backend's errors."""
        self._check_count(len(texts), self._options.max_texts, "texts")
        self._check_count(len(labels), self._options.max_labels, "labels")
        check_texts(texts, "texts", self._options.max_chars, noun="texts")
        check_texts(labels, "labels", self._options.max_chars, noun="labels")
        check_distinct(labels)
        hypotheses = [hypothesis(hypothesis_template, label) for label in labels]
        done = await self._embed(target, [*texts, *hypotheses], request_id, deadline)
        count = len(texts)
        processor = _embedder(target)
        assert processor is not None  # resolve() checked it
        ranked = processor.rank_labels(
            done.vectors[:count], done.vectors[count:], labels, multi_label=multi_label
        )
        results = [
            TextClassification(
                index=i,
                predictions=predictions,
                none_fits=max(p.similarity for p in predictions) < ZERO_SHOT_FIT_THRESHOLD,
                tokens=done.batch.tokens[i],
                truncated=done.batch.truncated[i],
            )
            for i, predictions in enumerate(ranked)
        ]
        return TextClassificationResponse(
            model=target.model,
            version=target.version,
            mode="multi_label" if multi_label else "single_label",
            fit_threshold=ZERO_SHOT_FIT_THRESHOLD,
            results=results,
            timings=_timings(started, done, time.perf_counter()),
            request_id=request_id,
        )

    def _check_count(self, count: int, limit: int, noun: str) -> None:
        if count > limit:
            raise PayloadTooLarge(f"{count} {noun} in one request; the limit is {limit}")

    async def _embed(
        self, target: Resolved, texts: Sequence[str], request_id: str, deadline: Deadline
    ) -> _Embedded:
        processor = _embedder(target)
        assert processor is not None  # resolve() checked it
        entry = target.entry
        max_length = entry.max_sequence_length or processor.max_length(None)
        t0 = time.perf_counter()
        if sum(len(text) for text in texts) > self._options.offload_threshold_chars:
            batch = await to_thread.run_sync(processor.preprocess, texts, max_length)
        else:
            batch = processor.preprocess(texts, max_length)
        t1 = time.perf_counter()
        tokens = sum(batch.tokens)
        if tokens > self._options.max_tokens:
            raise PayloadTooLarge(
                f"this request comes to {tokens} tokens (each text cut at {max_length}); the "
                f"limit is {self._options.max_tokens} per request: send fewer or shorter texts"
            )
        size = entry.info.max_batch_size if entry.info.max_batch_size > 0 else len(batch)
        rows = list(range(len(batch)))
        if len(batch) > size:  # several calls: group texts of like length, to pad less
            rows.sort(key=batch.tokens.__getitem__)
        chunks = [rows[start : start + size] for start in range(0, len(rows), size)]
        if len(chunks) == 1:  # the usual case: no task for gather() to make
            parts = [await self._infer(target, batch.tensors(chunks[0]), request_id, deadline)]
        else:
            parts = await asyncio.gather(
                *(self._infer(target, batch.tensors(c), request_id, deadline) for c in chunks)
            )
        output = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if len(parts) > 1 and len(output) == len(rows):
            output[rows] = output.copy()  # back to request order
        t2 = time.perf_counter()
        vectors = processor.postprocess(output, len(batch))
        return _Embedded(target.version, batch, vectors, t0, t1, t2)

    async def _infer(
        self, target: Resolved, tensors: dict[str, IntArray], request_id: str, deadline: Deadline
    ) -> FloatArray:
        inputs = [InputTensor.of(name, array) for name, array in tensors.items()]
        with self._metrics.triton_call(target.model, target.version), self._catalog.observing():
            (output,) = await self._backend.infer(
                target.model,
                target.version,
                inputs,
                [target.entry.output_name],
                request_id=request_id,
                timeout_s=deadline.remaining_s(),
            )
        return np.asarray(output.array, dtype=np.float32)


def _embedder(target: Resolved) -> TextEmbedder | None:
    processor = target.entry.processor
    if processor is None or processor.task != Task.EMBEDDINGS:
        return None
    return processor


def _timings(started: float, done: _Embedded, finished: float) -> Timings:
    return stage_timings(started, done.began, done.tokenized, done.inferred, finished)
