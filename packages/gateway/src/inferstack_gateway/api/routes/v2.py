"""The Open Inference Protocol (KServe / Triton "predict protocol version 2") over REST, passed
through to Triton: model metadata and tensor-in, tensor-out inference.

Bodies are the models generated from the protocol's JSON Schema (`inferstack_schemas.v2`).
Requests are checked against the model catalog before Triton sees them; errors are problem+json.
"""

from __future__ import annotations

from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Path, Response

from inferstack_gateway.api.deps import CatalogDep, ContextDep, MetricsDep, SettingsDep, TritonDep
from inferstack_gateway.api.problems import problem_responses
from inferstack_gateway.errors import PayloadTooLarge
from inferstack_gateway.v2_tensors import (
    OFFLOAD_ELEMENTS,
    check_request,
    decode_inputs,
    encode_response,
    request_elements,
)
from inferstack_schemas.v2 import (
    InferenceRequest,
    InferenceResponse,
    MetadataModelResponse,
    MetadataTensor,
)

router = APIRouter(prefix="/v2/models", tags=["open-inference-protocol"])
_INFER_ERRORS = problem_responses(401, 404, 413, 422, 503, 504)
_METADATA_ERRORS = problem_responses(401, 404, 503, 504)

ModelName = Annotated[
    str, Path(min_length=1, max_length=128, description="The model's name.", examples=["digits"])
]
ModelVersion = Annotated[
    str, Path(pattern=r"^[0-9]+$", description="A version of the model.", examples=["2"])
]


@router.get(
    "/{model}",
    summary="Model metadata: versions, platform, input and output tensors",
    response_model=MetadataModelResponse,
    responses=_METADATA_ERRORS,
)
async def v2_model_metadata(
    model: ModelName, catalog: CatalogDep, triton: TritonDep, context: ContextDep
) -> MetadataModelResponse:
    return await _metadata(model, None, catalog, triton, context)


@router.get(
    "/{model}/versions/{version}",
    summary="Metadata of one model version",
    response_model=MetadataModelResponse,
    responses=_METADATA_ERRORS,
)
async def v2_model_version_metadata(
    model: ModelName,
    version: ModelVersion,
    catalog: CatalogDep,
    triton: TritonDep,
    context: ContextDep,
) -> MetadataModelResponse:
    return await _metadata(model, version, catalog, triton, context)


@router.post(
    "/{model}/infer",
    summary="Inference on the model's default version (Open Inference Protocol tensors)",
    response_model=InferenceResponse,
    responses=_INFER_ERRORS,
)
async def v2_infer(
    model: ModelName,
    body: InferenceRequest,
    catalog: CatalogDep,
    triton: TritonDep,
    metrics: MetricsDep,
    settings: SettingsDep,
    context: ContextDep,
) -> Response:
    return await _infer(model, None, body, catalog, triton, metrics, settings, context)


@router.post(
    "/{model}/versions/{version}/infer",
    summary="Inference on one model version (Open Inference Protocol tensors)",
    response_model=InferenceResponse,
    responses=_INFER_ERRORS,
)
async def v2_infer_version(
    model: ModelName,
    version: ModelVersion,
    body: InferenceRequest,
    catalog: CatalogDep,
    triton: TritonDep,
    metrics: MetricsDep,
    settings: SettingsDep,
    context: ContextDep,
) -> Response:
    return await _infer(model, version, body, catalog, triton, metrics, settings, context)


async def _metadata(
    model: str,
    version: str | None,
    catalog: CatalogDep,
    triton: TritonDep,
    context: ContextDep,
) -> MetadataModelResponse:
    context.record_model(model, version)
    entry = await catalog.get(model)
    if version is not None:
        entry.resolve_version(version)  # 404 unless that version is served and ready
    answer = await triton.model_metadata(model, version or "")
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


async def _infer(
    model: str,
    version: str | None,
    body: InferenceRequest,
    catalog: CatalogDep,
    triton: TritonDep,
    metrics: MetricsDep,
    settings: SettingsDep,
    context: ContextDep,
) -> Response:
    context.record_model(model, version)
    elements = request_elements(body)
    if elements > settings.max_v2_elements:
        raise PayloadTooLarge(
            f"{elements} tensor elements in one request; the limit is {settings.max_v2_elements}"
        )
    entry = await catalog.get(model)
    resolved = entry.resolve_version(version)
    context.record_model(model, resolved)
    check_request(body, entry.info)
    # The declared shapes may understate flat data: count its top level too.
    heavy = max(elements, sum(len(tensor.data) for tensor in body.inputs)) > OFFLOAD_ELEMENTS
    if heavy:
        inputs = await to_thread.run_sync(decode_inputs, body.inputs)
    else:
        inputs = decode_inputs(body.inputs)
    request_id = body.id or context.request_id
    # No `outputs` (or an empty list): every output of the model, as the protocol says.
    wanted = [output.name for output in body.outputs] if body.outputs else None
    with metrics.triton_call(model, resolved):
        outputs = await triton.infer_tensors(
            model, resolved, inputs, wanted, request_id=request_id, offload=heavy
        )
    if sum(tensor.array.size for tensor in outputs) > OFFLOAD_ELEMENTS:
        content = await to_thread.run_sync(encode_response, model, resolved, request_id, outputs)
    else:
        content = encode_response(model, resolved, request_id, outputs)
    return Response(content, media_type="application/json")
