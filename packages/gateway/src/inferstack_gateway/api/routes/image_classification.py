"""Image classification from base64 JSON or from multipart file uploads."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from inferstack_gateway.api.deps import InferenceCall, inference_call
from inferstack_gateway.api.problems import problem_responses
from inferstack_gateway.services.image_classification import NamedImage
from inferstack_schemas import (
    ImageClassificationRequest,
    ImageClassificationResponse,
    decode_image_data,
)

router = APIRouter(prefix="/v1/image-classification", tags=["image-classification"])
_ERRORS = problem_responses(400, 401, 404, 413, 415, 422, 503, 504)


@router.post(
    "",
    summary="Classify images sent as base64 JSON",
    responses=_ERRORS,
)
async def classify_images(
    body: ImageClassificationRequest,
    call: Annotated[InferenceCall, inference_call("application/json", images=("body", "images"))],
) -> ImageClassificationResponse:
    images = [NamedImage(decode_image_data(i.data), i.name) for i in body.images]
    return await _classify(
        call,
        images,
        body.model,
        body.version,
        body.top_k,
        return_model_input=body.return_model_input,
    )


@router.post(
    "/upload",
    summary="Classify uploaded image files (multipart/form-data)",
    responses=_ERRORS,
)
async def classify_uploads(
    call: Annotated[InferenceCall, inference_call("multipart/form-data", images=("body", "files"))],
    files: Annotated[list[UploadFile], File(min_length=1, description="One or more image files.")],
    model: Annotated[str, Form(min_length=1, max_length=128)] = "digits",
    version: Annotated[str | None, Form(pattern=r"^[0-9]+$")] = None,
    top_k: Annotated[int, Form(ge=1, le=100)] = 3,
    return_model_input: Annotated[
        bool, Form(description="Also return each image's model input as a PNG (`model_input`).")
    ] = False,
) -> ImageClassificationResponse:
    images = [NamedImage(await f.read(), f.filename) for f in files]
    return await _classify(
        call,
        images,
        model,
        version,
        top_k,
        return_model_input=return_model_input,
    )


async def _classify(
    call: InferenceCall,
    images: list[NamedImage],
    model: str,
    version: str | None,
    top_k: int,
    *,
    return_model_input: bool,
) -> ImageClassificationResponse:
    """The part both routes share: resolve, label the request with what will answer, classify."""
    service, context = call.gateway.image_classification, call.context
    context.record_images([image.data for image in images])
    target = service.resolve(model, version)
    context.record_target(target)
    answer = await service.classify(
        target,
        images,
        top_k=top_k,
        request_id=context.request_id,
        started=context.started,
        deadline=call.deadline,
        return_model_input=return_model_input,
    )
    context.record_timings(answer.timings)
    context.record_answer(answer)
    return answer
