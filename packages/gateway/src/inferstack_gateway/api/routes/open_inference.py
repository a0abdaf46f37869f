"""The Open Inference Protocol (KServe / Triton "predict protocol version 2") over REST, passed
through to Triton: model metadata and readiness, and tensor-in, tensor-out inference, in JSON
or in the binary tensor data extension (`api/v2_framing.py`).

Bodies are the models generated from the protocol's JSON Schema (`inferstack_schemas.v2`).
Requests are checked against the model catalog before Triton sees them; errors are problems
that also carry the protocol's `error` string (`api/problems.py`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request, Response

from inferstack_gateway.api.deps import (
    CatalogDep,
    ContextDep,
    InferenceCall,
    OpenInferenceDep,
    inference_call,
)
from inferstack_gateway.api.problems import problem_responses
from inferstack_gateway.api.v2_framing import (
    REQUEST_BODY,
    RESPONSE_200,
    inference_response,
    read_inference_request,
)
from inferstack_schemas.v2 import MetadataModelResponse

router = APIRouter(prefix="/v2/models", tags=["open-inference-protocol"])
_INFER_ERRORS = problem_responses(401, 404, 413, 422, 503, 504, path=router.prefix)
_METADATA_ERRORS = problem_responses(401, 404, 503, 504, path=router.prefix)
_READY_ERRORS = problem_responses(401, 404, 503, path=router.prefix)
# The media type is checked by the framing (JSON, or the binary extension's octet-stream).
InferenceCallDep = Annotated[
    InferenceCall,
    inference_call(
        inputs=("body", "inputs"), outputs=("body", "outputs"), parameters=("body", "parameters")
    ),
]

ModelName = Annotated[
    str, Path(min_length=1, max_length=128, description="The model's name.", examples=["digits"])
]
ModelVersion = Annotated[
    str, Path(pattern=r"^[0-9]+$", description="A version of the model.", examples=["2"])
]
HeaderLength = Annotated[
    int | None,
    Header(
        ge=0,
        description="Binary tensor data extension: the length of the JSON part of the body; "
        "the inputs' raw data follows it.",
    ),
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
    entry, _ = service.metadata_target(model, None)
    context.record_entry(entry)
    return await service.metadata(entry, None)


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
    entry, resolved = service.metadata_target(model, version)
    context.record_entry(entry, resolved)
    return await service.metadata(entry, resolved)


@router.get(
    "/{model}/ready",
    summary="Model readiness: 200 when the model has a ready version",
    response_class=Response,
    responses={200: {"description": "Ready (no body)."}, **_READY_ERRORS},
)
async def v2_model_ready(model: ModelName, catalog: CatalogDep, context: ContextDep) -> Response:
    target = catalog.resolve(model, None)
    catalog.check_reachable()
    context.record_target(target)
    return Response(status_code=200)


@router.get(
    "/{model}/versions/{version}/ready",
    summary="Readiness of one model version: 200 when it is ready",
    response_class=Response,
    responses={200: {"description": "Ready (no body)."}, **_READY_ERRORS},
)
async def v2_model_version_ready(
    model: ModelName, version: ModelVersion, catalog: CatalogDep, context: ContextDep
) -> Response:
    target = catalog.resolve(model, version)
    catalog.check_reachable()
    context.record_target(target)
    return Response(status_code=200)


_INFER = {
    "response_class": Response,
    "responses": {200: RESPONSE_200, **_INFER_ERRORS},
    "openapi_extra": {"requestBody": REQUEST_BODY},
}


@router.post(
    "/{model}/infer",
    summary="Inference on the model's default version (Open Inference Protocol tensors)",
    **_INFER,  # type: ignore[arg-type]
)
async def v2_infer(
    model: ModelName,
    request: Request,
    call: InferenceCallDep,
    inference_header_content_length: HeaderLength = None,
) -> Response:
    return await _infer(call, request, model, None, inference_header_content_length)


@router.post(
    "/{model}/versions/{version}/infer",
    summary="Inference on one model version (Open Inference Protocol tensors)",
    **_INFER,  # type: ignore[arg-type]
)
async def v2_infer_version(
    model: ModelName,
    version: ModelVersion,
    request: Request,
    call: InferenceCallDep,
    inference_header_content_length: HeaderLength = None,
) -> Response:
    return await _infer(call, request, model, version, inference_header_content_length)


async def _infer(
    call: InferenceCall,
    request: Request,
    model: str,
    version: str | None,
    header_length: int | None,
) -> Response:
    """The part both inference routes share: resolve, label the request with what will answer,
    read the body (JSON or binary framing), infer, frame the answer."""
    service, context = call.gateway.open_inference, call.context
    target = service.resolve(model, version)
    context.record_target(target)
    body, binary = await read_inference_request(request, header_length)
    context.record_tensors(body)
    answer = await service.infer(
        target,
        body,
        request_id=context.request_id,
        started=context.started,
        deadline=call.deadline,
        binary=binary,
    )
    context.record_timings(answer.timings)
    context.record_answer(answer.content)
    return inference_response(answer.content, answer.binary)
