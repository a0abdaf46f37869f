"""Image classification: resolve the model, pre-process, one batched Triton call, post-process,
time each stage."""

from __future__ import annotations

import base64
import time
from collections.abc import Sequence
from dataclasses import dataclass

from anyio import to_thread

from inferstack_gateway.catalog import Catalog, Resolved
from inferstack_gateway.errors import BadRequest, InvalidInput, PayloadTooLarge
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.processors.base import ImageClassifier
from inferstack_gateway.processors.imaging import ImageLimits
from inferstack_gateway.services.deadline import Deadline
from inferstack_gateway.services.timings import stage_timings
from inferstack_gateway.triton import InferenceBackend, InputTensor
from inferstack_schemas import ImageClassification, ImageClassificationResponse, Task


@dataclass(frozen=True)
class NamedImage:
    """An image file as received, with the caller's name for it."""

    data: bytes
    name: str | None = None


@dataclass(frozen=True)
class ImageClassificationOptions:
    limits: ImageLimits
    max_images: int  # per request (413 past it)
    offload_threshold_bytes: int  # requests with more image bytes are decoded off the loop


class ImageClassificationService:
    """The one implementation behind the JSON and the multipart routes."""

    def __init__(
        self,
        catalog: Catalog,
        backend: InferenceBackend,
        metrics: GatewayMetrics,
        options: ImageClassificationOptions,
    ) -> None:
        self._catalog = catalog
        self._backend = backend
        self._metrics = metrics
        self._options = options

    def resolve(self, model: str, version: str | None) -> Resolved:
        """The model and version that will answer. Raises ModelNotFound / VersionNotFound
        (404), or BadRequest (400) for a model that does not classify images."""
        target = self._catalog.resolve(model, version)
        if _classifier(target) is None:
            raise BadRequest(f"model {model!r} does not do image classification")
        return target

    async def classify(
        self,
        target: Resolved,
        images: Sequence[NamedImage],
        *,
        top_k: int,
        request_id: str,
        started: float,
        deadline: Deadline,
        return_model_input: bool = False,
    ) -> ImageClassificationResponse:
        """Top-`top_k` labels per image, in order, each made into the input geometry of the
        target version (from the catalog); with `return_model_input`, each image's model input
        as a PNG too. Raises PayloadTooLarge (413, too many images), InvalidInput (422, `top_k`
        over the label count), the processor's per-image errors (422/413/415, one
        `ItemError("images", i)` each), DeadlineExceeded (504) once `deadline` has passed, the
        backend's errors, and a GatewayError (500) for a version whose configuration declares no
        geometry the processor can make."""
        processor = _classifier(target)
        assert processor is not None  # resolve() checked it
        if len(images) > self._options.max_images:
            raise PayloadTooLarge(
                f"{len(images)} images in one request; the limit is {self._options.max_images}"
            )
        labels = target.entry.info.labels
        if labels and top_k > len(labels):
            raise InvalidInput(f"top_k must be at most {len(labels)} for model {target.model!r}")

        entry = target.entry
        geometry = entry.image_geometry(target.version)
        t0 = time.perf_counter()
        files = [image.data for image in images]
        limits = self._options.limits
        if sum(len(f) for f in files) > self._options.offload_threshold_bytes:
            batch = await to_thread.run_sync(processor.preprocess, files, limits, geometry)
        else:
            batch = processor.preprocess(files, limits, geometry)
        t1 = time.perf_counter()
        with self._metrics.triton_call(target.model, target.version), self._catalog.observing():
            (output,) = await self._backend.infer(
                target.model,
                target.version,
                [InputTensor.of(entry.info.inputs[0].name, batch)],
                [entry.output_name],
                request_id=request_id,
                timeout_s=deadline.remaining_s(),
            )
        t2 = time.perf_counter()
        ranked = processor.postprocess(output.array, labels, top_k)
        seen: list[str | None] = [None] * len(images)
        if return_model_input:
            seen = [_b64(png) for png in processor.model_inputs(batch, geometry)]
        results = [
            ImageClassification(index=i, name=image.name, predictions=predictions, model_input=png)
            for i, (image, predictions, png) in enumerate(zip(images, ranked, seen, strict=True))
        ]
        t3 = time.perf_counter()
        return ImageClassificationResponse(
            model=target.model,
            version=target.version,
            results=results,
            timings=stage_timings(started, t0, t1, t2, t3),
            request_id=request_id,
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _classifier(target: Resolved) -> ImageClassifier | None:
    processor = target.entry.processor
    if processor is None or processor.task != Task.IMAGE_CLASSIFICATION:
        return None
    return processor
