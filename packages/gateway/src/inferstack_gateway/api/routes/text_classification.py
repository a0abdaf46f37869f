"""Zero-shot text classification: any labels, no training, by embedding similarity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from inferstack_gateway.api.deps import InferenceCall, inference_call
from inferstack_gateway.api.problems import problem_responses
from inferstack_schemas import (
    ZERO_SHOT_FIT_THRESHOLD,
    ZERO_SHOT_TEMPERATURE,
    TextClassificationRequest,
    TextClassificationResponse,
)

router = APIRouter(prefix="/v1/text-classification", tags=["text-classification"])


@router.post(
    "",
    summary="Rank labels for texts (zero-shot, by embedding similarity)",
    description="Each label is put in `hypothesis_template`; the texts and these hypotheses are "
    "embedded in one batch, and each text's labels are ranked by cosine similarity, turned "
    "into probabilities by a softmax across the labels at temperature "
    f"{ZERO_SHOT_TEMPERATURE} (`mode` `single_label`, the default), or with `multi_label` "
    f"each on its own, sigmoid((similarity - {ZERO_SHOT_FIT_THRESHOLD}) / "
    f"{ZERO_SHOT_TEMPERATURE}) (`mode` `multi_label`). Either way a text whose labels all "
    f"stay below similarity {ZERO_SHOT_FIT_THRESHOLD} is marked `none_fits`.",
    responses=problem_responses(400, 401, 404, 413, 415, 422, 503, 504),
)
async def classify_texts(
    body: TextClassificationRequest,
    call: Annotated[
        InferenceCall,
        inference_call("application/json", texts=("body", "texts"), labels=("body", "labels")),
    ],
) -> TextClassificationResponse:
    service, context = call.gateway.text_embeddings, call.context
    context.record_texts(body.texts, body.labels)
    target = service.resolve(body.model, body.version)
    context.record_target(target)
    answer = await service.classify(
        target,
        body.texts,
        body.labels,
        hypothesis_template=body.hypothesis_template,
        multi_label=body.multi_label,
        request_id=context.request_id,
        started=context.started,
        deadline=call.deadline,
    )
    context.record_timings(answer.timings)
    context.record_answer(answer)
    return answer
