"""The Open Inference Protocol pass-through, independent of HTTP: check a tensor request against
the model catalog, run it on Triton, and encode the answer; and a model's metadata.

The /v2 routes' one service, as the task routes each have theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anyio import to_thread

from inferstack_gateway.catalog import Catalog
from inferstack_gateway.errors import PayloadTooLarge
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.triton_client import TritonClient
from inferstack_gateway.v2_tensors import (
    OFFLOAD_ELEMENTS,
    check_request,
    decode_inputs,
    encode_response,
    request_elements,
)
from inferstack_schemas.v2 import InferenceRequest, MetadataModelResponse, MetadataTensor


class OpenInferenceService:
    def __init__(
        self,
        catalog: Catalog,
        triton: TritonClient,
        metrics: GatewayMetrics,
        *,
        max_elements: int,
        offload_elements: int = OFFLOAD_ELEMENTS,
    ) -> None:
        self._catalog = catalog
        self._triton = triton
        self._metrics = metrics
        self._max_elements = max_elements
        self.offload_elements = offload_elements

    async def infer(
        self,
        model: str,
        version: str | None,
        body: InferenceRequest,
        *,
        request_id: str,
        on_resolved: Callable[[str], None] | None = None,
    ) -> bytes:
        """The inference response as JSON bytes. Raises 413 over the element limit, 404 for an
        unknown model or version, 422 for tensors that do not fit the model; tensor conversions
        of big requests run off the loop. `on_resolved` hears the version that will answer as
        soon as it is known (for the logs of a request that then fails)."""
        elements = request_elements(body)
        if elements > self._max_elements:
            raise PayloadTooLarge(
                f"{elements} tensor elements in one request; the limit is {self._max_elements}"
            )
        entry = await self._catalog.get(model)
        resolved = entry.resolve_version(version)
        if on_resolved is not None:
            on_resolved(resolved)
        check_request(body, entry.info)
        # The declared shapes may understate flat data: count its top level too.
        data_elements = sum(len(tensor.data) for tensor in body.inputs)
        heavy = max(elements, data_elements) > self.offload_elements
        if heavy:
            inputs = await to_thread.run_sync(decode_inputs, body.inputs)
        else:
            inputs = decode_inputs(body.inputs)
        request_id = body.id or request_id
        # No `outputs` (or an empty list): every output of the model, as the protocol says.
        wanted = [output.name for output in body.outputs] if body.outputs else None
        with self._metrics.triton_call(model, resolved):
            outputs = await self._triton.infer_tensors(
                model, resolved, inputs, wanted, request_id=request_id, offload=heavy
            )
        if sum(tensor.array.size for tensor in outputs) > self.offload_elements:
            return await to_thread.run_sync(encode_response, model, resolved, request_id, outputs)
        return encode_response(model, resolved, request_id, outputs)

    async def metadata(self, model: str, version: str | None) -> MetadataModelResponse:
        """404 unless the model (and the version, when given) is served and ready."""
        entry = await self._catalog.get(model)
        if version is not None:
            entry.resolve_version(version)
        answer = await self._triton.model_metadata(model, version or "")
        versions = [str(v) for v in answer.get("versions", [])]
        return MetadataModelResponse(
            name=str(answer.get("name", model)),
            versions=versions or None,
            platform=str(answer.get("platform", "")),
            inputs=[_metadata_tensor(t) for t in answer.get("inputs", [])],
            outputs=[_metadata_tensor(t) for t in answer.get("outputs", [])],
        )


def _metadata_tensor(tensor: dict[str, Any]) -> MetadataTensor:
    # Triton's gRPC metadata, as JSON, spells its int64 dimensions as strings.
    return MetadataTensor(
        name=str(tensor["name"]),
        datatype=str(tensor.get("datatype", "")),
        shape=[int(d) for d in tensor.get("shape", [])],
    )
