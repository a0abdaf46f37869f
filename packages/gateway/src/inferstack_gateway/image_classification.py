"""Image classification, independent of HTTP: resolve the model, pre-process, one batched
Triton call, post-process, time each stage."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from anyio import to_thread

from inferstack_gateway.catalog import Catalog
from inferstack_gateway.errors import BadRequest, InvalidInput, PayloadTooLarge
from inferstack_gateway.imaging import ImageLimits
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.timings import stage_timings
from inferstack_gateway.triton_client import TritonClient
from inferstack_schemas import ImageClassification, ImageClassificationResponse


@dataclass(frozen=True)
class NamedImage:
    """An image file as received, with the caller's name for it."""

    data: bytes
    name: str | None = None


@dataclass(frozen=True)
class ImageClassificationOptions:
    limits: ImageLimits
    max_images: int
    offload_threshold_bytes: int


class ImageClassificationService:
    """The one implementation behind the JSON and the multipart routes."""

    def __init__(
        self,
        catalog: Catalog,
        triton: TritonClient,
        metrics: GatewayMetrics,
        options: ImageClassificationOptions,
    ) -> None:
        self._catalog = catalog
        self._triton = triton
        self._metrics = metrics
        self._options = options

    async def classify(
        self,
        images: Sequence[NamedImage],
        *,
        model: str,
        version: str | None,
        top_k: int,
        request_id: str,
        started: float,
    ) -> ImageClassificationResponse:
        if len(images) > self._options.max_images:
            raise PayloadTooLarge(
                f"{len(images)} images in one request; the limit is {self._options.max_images}"
            )
        entry = await self._catalog.get(model)
        processor = entry.processor
        if processor is None or processor.task != "image-classification":
            raise BadRequest(f"model {model!r} does not do image classification")
        resolved = entry.resolve_version(version)
        labels = entry.info.labels
        if labels and top_k > len(labels):
            raise InvalidInput(f"top_k must be at most {len(labels)} for model {model!r}")

        t0 = time.perf_counter()
        files = [image.data for image in images]
        if sum(len(f) for f in files) > self._options.offload_threshold_bytes:
            batch = await to_thread.run_sync(processor.preprocess, files, self._options.limits)
        else:
            batch = processor.preprocess(files, self._options.limits)
        t1 = time.perf_counter()
        with self._metrics.triton_call(model, resolved):
            outputs = await self._triton.infer(
                model,
                resolved,
                {entry.input_name: batch},
                [entry.output_name],
                request_id=request_id,
            )
        t2 = time.perf_counter()
        ranked = processor.postprocess(outputs[entry.output_name], labels, top_k)
        results = [
            ImageClassification(index=i, name=image.name, predictions=predictions)
            for i, (image, predictions) in enumerate(zip(images, ranked, strict=True))
        ]
        t3 = time.perf_counter()
        return ImageClassificationResponse(
            model=model,
            version=resolved,
            results=results,
            timings=stage_timings(started, t0, t1, t2, t3),
            request_id=request_id,
        )
