"""The Open Inference Protocol (KServe / Triton "predict protocol version 2") over REST, passed
through to Triton: model metadata and tensor-in, tensor-out inference.

Bodies are the models generated from the protocol's JSON Schema (`inferstack_schemas.v2`).
Requests are checked against the model catalog before Triton sees them; errors are problem+json.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from inferstack_gateway.api.deps import ContextDep, OpenInferenceDep, RequestContext
from inferstack_gateway.api.locations import item_locations
from inferstack_gateway.api.problems import problem_responses
from inferstack_gateway.services.open_inference import OpenInferenceService
from inferstack_schemas.v2 import InferenceRequest, InferenceResponse, MetadataModelResponse

router = APIRouter(prefix="/v2/models", tags=["open-inference-protocol"])
_INFER_ERRORS = problem_responses(401, 404, 413, 422, 503, 504)
_METADATA_ERRORS = problem_responses(401, 404, 503, 504)
_TENSOR_LOCATIONS = item_locations(inputs=("body", "inputs"), outputs=("body", "outputs"))

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
    model: ModelName, service: OpenInferenceDep, context: ContextDep
) -> MetadataModelResponse:
    answer = await service.metadata(model, None)
    context.record_model(answer.name)
    return answer


@router.get(
    "/{model}/versions/{version}",
    summary="Metadata of one model version",
    response_model=MetadataModelResponse,
    responses=_METADATA_ERRORS,
)
async def v2_model_version_metadata(
    model: ModelName,
    version: ModelVersion,
    service: OpenInferenceDep,
    context: ContextDep,
) -> MetadataModelResponse:
    answer = await service.metadata(model, version)
    context.record_model(answer.name, version)
    return answer


@router.post(
    "/{model}/infer",
    summary="Inference on the model's default version (Open Inference Protocol tensors)",
    response_model=InferenceResponse,
    responses=_INFER_ERRORS,
    dependencies=[_TENSOR_LOCATIONS],
)
async def v2_infer(
    model: ModelName,
    body: InferenceRequest,
    service: OpenInferenceDep,
    context: ContextDep,
) -> Response:
    return await _infer(service, context, model, None, body)


@router.post(
    "/{model}/versions/{version}/infer",
    summary="Inference on one model version (Open Inference Protocol tensors)",
    response_model=InferenceResponse,
    responses=_INFER_ERRORS,
    dependencies=[_TENSOR_LOCATIONS],
)
async def v2_infer_version(
    model: ModelName,
    version: ModelVersion,
    body: InferenceRequest,
    service: OpenInferenceDep,
    context: ContextDep,
) -> Response:
    return await _infer(service, context, model, version, body)


async def _infer(
    service: OpenInferenceService,
    context: RequestContext,
    model: str,
    version: str | None,
    body: InferenceRequest,
) -> Response:
    """The part both inference routes share: resolve, label the request with what will answer,
    infer."""
    context.record_tensors(body)
    target = service.resolve(model, version)
    context.record_target(target)
    content = await service.infer(target, body, request_id=context.request_id)
    context.record_answer(content)
    return Response(content, media_type="application/json")
