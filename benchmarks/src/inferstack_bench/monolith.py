"""The monolith the decoupled design argues against: the model run inside the FastAPI process.

Same endpoints, request and response schemas as the gateway's task endpoints, and the same
pre- and post-processing code (the gateway's processors); onnxruntime runs the same ONNX files
Triton serves, with the same session options as the Triton runners (one intra-op thread, no
spinning). What differs is only where inference happens:

- ``async``: inside the ``async def`` handler, on the event loop (the common anti-pattern);
- ``threads``: in the thread pool (``anyio.to_thread``), the monolith's best effort: onnxruntime
  releases the GIL, so requests overlap, but each runs alone, unbatched.

Run: ``python -m inferstack_bench.monolith --mode async --port 8090``.
"""

from __future__ import annotations

import argparse
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

import numpy as np
import onnxruntime as ort
import uvicorn
from anyio import to_thread
from fastapi import FastAPI

from inferstack_bench.workloads import DIGITS_GEOMETRY, DIGITS_VERSION
from inferstack_gateway.api.problems import install_problem_handlers
from inferstack_gateway.processors.digits import DigitsProcessor
from inferstack_gateway.processors.minilm import DEFAULT_MAX_LENGTH, MiniLMProcessor
from inferstack_gateway.services.text_embeddings import encode_vector
from inferstack_gateway.services.timings import stage_timings
from inferstack_gateway.settings import GatewaySettings
from inferstack_schemas import (
    EmbeddingItem,
    EmbeddingRequest,
    EmbeddingResponse,
    EmbeddingUsage,
    ImageClassification,
    ImageClassificationRequest,
    ImageClassificationResponse,
    decode_image_data,
)

Mode = Literal["async", "threads"]
MODES: tuple[Mode, ...] = ("async", "threads")
_T = TypeVar("_T")


def session(path: Path) -> ort.InferenceSession:
    """onnxruntime as the Triton runners configure it."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class Models:
    """Both models, loaded once, with the gateway's processors around them."""

    def __init__(self, repository: Path) -> None:
        self.digits = session(repository / "digits" / DIGITS_VERSION / "model.onnx")
        self.minilm = session(repository / "minilm" / "1" / "model.onnx")
        self.digit_labels = (repository / "digits" / "labels.txt").read_text().split()
        self.image_limits = GatewaySettings().image_limits  # the gateway's defaults
        self.digits_processor = DigitsProcessor()
        self.minilm_processor = MiniLMProcessor()
        for processor in (self.digits_processor, self.minilm_processor):
            processor.load()  # as the gateway does at start-up

    def classify(self, body: ImageClassificationRequest) -> ImageClassificationResponse:
        t0 = time.perf_counter()
        images = [decode_image_data(image.data) for image in body.images]
        batch = self.digits_processor.preprocess(images, self.image_limits, DIGITS_GEOMETRY)
        t1 = time.perf_counter()
        (probabilities,) = self.digits.run(["probabilities"], {"pixels": batch})
        t2 = time.perf_counter()
        ranked = self.digits_processor.postprocess(probabilities, self.digit_labels, body.top_k)
        results = [
            ImageClassification(index=i, name=image.name, predictions=predictions)
            for i, (image, predictions) in enumerate(zip(body.images, ranked, strict=True))
        ]
        return ImageClassificationResponse(
            model="digits",
            version=DIGITS_VERSION,
            results=results,
            timings=stage_timings(t0, t0, t1, t2, time.perf_counter()),
            request_id=uuid.uuid4().hex,
        )

    def embed(self, body: EmbeddingRequest) -> EmbeddingResponse:
        t0 = time.perf_counter()
        texts = [body.input] if isinstance(body.input, str) else body.input
        batch = self.minilm_processor.preprocess(texts, DEFAULT_MAX_LENGTH)
        t1 = time.perf_counter()
        (output,) = self.minilm.run(["embedding"], batch.tensors())
        t2 = time.perf_counter()
        vectors = self.minilm_processor.postprocess(np.asarray(output), len(texts))
        items = [
            EmbeddingItem(
                index=i,
                embedding=encode_vector(vector, body.encoding_format),
                tokens=batch.tokens[i],
                truncated=batch.truncated[i],
            )
            for i, vector in enumerate(vectors)
        ]
        total = sum(batch.tokens)
        return EmbeddingResponse(
            data=items,
            model="minilm",
            version="1",
            usage=EmbeddingUsage(prompt_tokens=total, total_tokens=total),
            timings=stage_timings(t0, t0, t1, t2, time.perf_counter()),
            request_id=uuid.uuid4().hex,
        )


def create_app(repository: Path, mode: Mode) -> FastAPI:
    models = Models(repository)

    async def run(work: Callable[[], _T]) -> _T:
        if mode == "threads":
            return await to_thread.run_sync(work)
        return work()  # blocks the event loop for the whole inference: the anti-pattern

    app = FastAPI(title=f"inferstack monolith ({mode})")
    install_problem_handlers(app)  # bad input: the gateway's 4xx problem answers

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok"}

    @app.post("/v1/image-classification")
    async def classify(body: ImageClassificationRequest) -> ImageClassificationResponse:
        return await run(lambda: models.classify(body))

    @app.post("/v1/embeddings")
    async def embeddings(body: EmbeddingRequest) -> EmbeddingResponse:
        return await run(lambda: models.embed(body))

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="inferstack_bench.monolith", description=__doc__)
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model-repository", type=Path, default=Path("model_repository"))
    args = parser.parse_args(argv)
    app = create_app(args.model_repository, args.mode)
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
