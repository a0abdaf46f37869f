"""The Open Inference Protocol pass-through: check a tensor request against the model catalog,
run it on Triton, and encode the answer; and a model's metadata.

The /v2 routes' one service, as the task routes each have theirs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from anyio import to_thread

from inferstack_gateway.catalog import Catalog, CatalogEntry, Resolved
from inferstack_gateway.errors import PayloadTooLarge
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.services.deadline import Deadline
from inferstack_gateway.services.open_inference.checks import check_request, request_elements
from inferstack_gateway.services.open_inference.decode import decode_inputs
from inferstack_gateway.services.open_inference.encode import encode_response
from inferstack_gateway.services.open_inference.options import read_options
from inferstack_gateway.services.timings import stage_timings
from inferstack_gateway.triton import InferenceBackend
from inferstack_gateway.triton.types import TensorMetadata
from inferstack_schemas import Timings
from inferstack_schemas.v2 import InferenceRequest, MetadataModelResponse, MetadataTensor

# Tensors with more elements than this (all of a request's together) are converted in a worker
# thread, so a big request does not hold up every other request on the event loop.
OFFLOAD_ELEMENTS = 16_384


@dataclass(frozen=True)
class InferenceAnswer:
    """The encoded inference response: its JSON, the binary output data that follows it (None
    unless asked for), and where the time went."""

    content: bytes
    binary: bytes | None
    timings: Timings


class OpenInferenceService:
    def __init__(
        self,
        catalog: Catalog,
        backend: InferenceBackend,
        metrics: GatewayMetrics,
        *,
        max_elements: int,
        offload_elements: int = OFFLOAD_ELEMENTS,
    ) -> None:
        self._catalog = catalog
        self._backend = backend
        self._metrics = metrics
        self._max_elements = max_elements
        self.offload_elements = offload_elements

    def resolve(self, model: str, version: str | None) -> Resolved:
        """The model and version that will answer; raises ModelNotFound / VersionNotFound
        (404). Any served model, whatever its task."""
        return self._catalog.resolve(model, version)

    async def infer(
        self,
        target: Resolved,
        body: InferenceRequest,
        *,
        request_id: str,
        started: float,
        deadline: Deadline,
        binary: bytes = b"",
    ) -> InferenceAnswer:
        """The inference response: its JSON, the binary output data after it (binary tensor
        data extension; None unless asked for) and where the time went. `binary`: the request's
        bytes after its JSON header. Raises PayloadTooLarge (413) over the element limit,
        InvalidInput (422: `ItemError("inputs" | "outputs" | "parameters", i, ...)`) for tensors
        that do not fit the model and parameters it cannot honour, DeadlineExceeded (504) once
        `deadline` has passed, and the backend's errors. Tensor conversions of big requests run
        off the event loop."""
        elements = request_elements(body)
        if elements > self._max_elements:
            raise PayloadTooLarge(
                f"{elements} tensor elements in one request; the limit is {self._max_elements}"
            )
        check_request(body, target.entry.info)
        t0 = time.perf_counter()
        options = read_options(body)
        # The declared shapes may understate flat data: count its top level too.
        data_elements = sum(len(tensor.data or ()) for tensor in body.inputs) + len(binary) // 4
        heavy = max(elements, data_elements) > self.offload_elements
        if heavy:
            inputs = await to_thread.run_sync(decode_inputs, body.inputs, binary)
        else:
            inputs = decode_inputs(body.inputs, binary)
        request_id = body.id or request_id
        # No `outputs` (or an empty list): every output of the model, as the protocol says.
        wanted = [output.name for output in body.outputs] if body.outputs else None
        model, version = target.model, target.version
        t1 = time.perf_counter()
        with self._metrics.triton_call(model, version), self._catalog.observing():
            outputs = await self._backend.infer(
                model,
                version,
                inputs,
                wanted,
                request_id=request_id,
                timeout_s=deadline.remaining_s(),
                offload=heavy,
                options=options.triton,
            )
        t2 = time.perf_counter()
        answer = (model, version, request_id, outputs, options.binary_outputs)
        if sum(tensor.array.size for tensor in outputs) > self.offload_elements:
            content, tail = await to_thread.run_sync(encode_response, *answer)
        else:
            content, tail = encode_response(*answer)
        timings = stage_timings(started, t0, t1, t2, time.perf_counter())
        return InferenceAnswer(content, tail, timings)

    def metadata_target(self, model: str, version: str | None) -> tuple[CatalogEntry, str | None]:
        """The catalog's entry of `model` and the `version` asked for (checked: served and
        ready). Raises 404 otherwise; 503 before the catalog is loaded."""
        entry = self._catalog.get(model)
        if version is not None:
            version = entry.resolve_version(version)
        return entry, version

    async def metadata(self, entry: CatalogEntry, version: str | None) -> MetadataModelResponse:
        """Triton's metadata of the model (one `version` when given; see `metadata_target`)."""
        with self._catalog.observing():
            answer = await self._backend.model_metadata(entry.name, version or "")
        return MetadataModelResponse(
            name=answer.name,
            versions=list(answer.versions) or None,
            platform=answer.platform,
            inputs=[_metadata_tensor(t) for t in answer.inputs],
            outputs=[_metadata_tensor(t) for t in answer.outputs],
        )


def _metadata_tensor(tensor: TensorMetadata) -> MetadataTensor:
    return MetadataTensor(name=tensor.name, datatype=tensor.datatype, shape=list(tensor.shape))
