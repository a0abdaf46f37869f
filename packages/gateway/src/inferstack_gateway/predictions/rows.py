"""Pending records to table rows: the summaries, built by the writer, off the request path.

Outputs come from the service's answer: top labels per item for classification (at most
`MAX_LABELS` of them), count, dimension and norms for embeddings (never the vectors), the size
of an Open Inference Protocol answer.
"""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

from inferstack_gateway.predictions.records import InputCapture, PendingRecord
from inferstack_schemas import (
    EmbeddingResponse,
    ImageClassificationResponse,
    TextClassificationResponse,
)

#: Labels kept per item (the most probable first).
MAX_LABELS = 10


def to_row(record: PendingRecord, raw_max_bytes: int | None) -> dict[str, Any]:
    """The `predictions` row of `record`. `raw_max_bytes`: keep texts up to this size (None:
    keep no raw input)."""
    answer = record.answer
    inputs = _inputs(record.inputs, raw_max_bytes)
    raw = inputs.pop("raw", None) if inputs else None
    outputs, top_labels, timings = _outputs(answer, inputs)
    problem = record.problem
    return {
        "request_id": record.request_id,
        "time_ms": record.time_ms,
        "route": record.route,
        "model": record.model,
        "version": record.version,
        "status": record.status,
        "status_class": record.status // 100,
        "latency_ms": round(record.latency_ms, 3),
        "timings": timings,
        "caller": record.caller,
        "inputs": inputs,
        "outputs": outputs,
        "top_labels": top_labels,
        "problem": None
        if problem is None
        else {
            "type": problem.type,
            "title": problem.title,
            "detail": problem.detail,
            "errors": [{"loc": item.loc, "msg": item.msg} for item in problem.errors],
        },
        "raw_inputs": raw,
    }


def _inputs(capture: InputCapture | None, raw_max_bytes: int | None) -> dict[str, Any] | None:
    if capture is None:
        return None
    raw = capture.raw
    sizes = capture.sizes
    if capture.texts is not None:
        encoded = [text.encode("utf-8", "surrogatepass") for text in capture.texts]
        sizes = [len(text) for text in encoded]
        if raw_max_bytes is not None and sum(sizes) <= raw_max_bytes:
            raw = list(capture.texts)
    summary: dict[str, Any] = {
        "kind": capture.kind,
        "count": len(capture.tensors) if capture.tensors is not None else len(sizes),
        "total_bytes": sum(sizes),
        "sizes": sizes,
        "sha256": capture.sha256,
        "tokens": [],
        "labels": capture.labels,
        "tensors": capture.tensors or [],
    }
    if raw is not None:
        summary["raw"] = raw
    return summary


def _outputs(
    answer: object, inputs: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, list[str] | None, dict[str, float] | None]:
    """(outputs, top label per item, stage timings) of an answer."""
    if isinstance(answer, ImageClassificationResponse | TextClassificationResponse):
        items: list[dict[str, Any]] = []
        top: list[str] = []
        for result in answer.results:
            labels: list[dict[str, Any]] = [
                {"label": p.label, "probability": p.probability}
                for p in result.predictions[:MAX_LABELS]
            ]
            items.append({"index": result.index, "top": labels})
            if labels:
                top.append(labels[0]["label"])
        if isinstance(answer, TextClassificationResponse) and inputs is not None:
            inputs["tokens"] = [result.tokens for result in answer.results]
        return {"items": items}, top, answer.timings.model_dump()
    if isinstance(answer, EmbeddingResponse):
        vectors = [_vector(item.embedding) for item in answer.data]
        norms = [_norm(vector) for vector in vectors]
        dimension = len(vectors[0]) if vectors else 0
        if inputs is not None:
            inputs["tokens"] = [item.tokens for item in answer.data]
        summary = {"count": len(norms), "dimension": dimension, "norms": norms}
        return {"embeddings": summary}, None, answer.timings.model_dump()
    if isinstance(answer, bytes):
        return {"total_bytes": len(answer)}, None, None
    return None, None, None


def _vector(embedding: list[float] | str) -> np.ndarray[Any, np.dtype[np.float32]]:
    if isinstance(embedding, str):
        return np.frombuffer(base64.b64decode(embedding), dtype="<f4")
    return np.asarray(embedding, dtype=np.float32)


def _norm(vector: np.ndarray[Any, np.dtype[np.float32]]) -> float:
    value = float(np.linalg.norm(vector))
    return round(value, 6) if math.isfinite(value) else 0.0
