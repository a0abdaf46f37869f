"""Text embeddings, OpenAI-compatible: `POST /v1/embeddings` as OpenAI's clients send it."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter

from inferstack_gateway.api.deps import InferenceCall, inference_call
from inferstack_gateway.api.problems import problem_responses
from inferstack_schemas import EmbeddingRequest, EmbeddingResponse

router = APIRouter(prefix="/v1/embeddings", tags=["embeddings"])
_log = logging.getLogger("inferstack.gateway")


@router.post(
    "",
    summary="Embed texts (OpenAI embeddings API compatible)",
    description="One unit-length vector per text, in order; all texts go to the model as one "
    "batch. The body and the answer are OpenAI's (`input`, `model`, `encoding_format`, `user`; "
    "`object`, `data`, `model`, `usage`), so its client libraries work against this path; the "
    "answer adds the model `version`, per text `tokens` and `truncated`, and `timings`.",
    responses=problem_responses(400, 401, 404, 413, 415, 422, 503, 504, path=router.prefix),
)
async def create_embeddings(
    body: EmbeddingRequest,
    call: Annotated[InferenceCall, inference_call("application/json", texts=("body", "input"))],
) -> EmbeddingResponse:
    service, context = call.gateway.text_embeddings, call.context
    context.record_texts([body.input] if isinstance(body.input, str) else body.input)
    target = service.resolve(body.model, body.version)
    context.record_target(target)
    if body.user is not None:  # accepted as OpenAI does; kept only in the log
        _log.info("caller", extra={"request_id": context.request_id, "user": body.user})
    answer = await service.embed(
        target,
        body.input,
        encoding_format=body.encoding_format,
        dimensions=body.dimensions,
        request_id=context.request_id,
        started=context.started,
        deadline=call.deadline,
    )
    context.record_timings(answer.timings)
    context.record_answer(answer)
    return answer
