"""The model catalog as Triton serves it."""

from __future__ import annotations

from fastapi import APIRouter, Path

from inferstack_gateway.api.deps import CatalogDep, ContextDep
from inferstack_gateway.api.problems import problem_responses
from inferstack_schemas import ModelInfo, ModelList

router = APIRouter(prefix="/v1/models", tags=["models"])


@router.get("", summary="List the served models", responses=problem_responses(401, 503, 504))
async def list_models(catalog: CatalogDep) -> ModelList:
    entries = await catalog.entries()
    return ModelList(models=[entries[name].info for name in sorted(entries)])


@router.get(
    "/{model}",
    summary="Describe one model: task, versions and state, tensors, labels",
    responses=problem_responses(401, 404, 503, 504),
)
async def get_model(
    catalog: CatalogDep,
    context: ContextDep,
    model: str = Path(min_length=1, max_length=128, examples=["digits"]),
) -> ModelInfo:
    context.record_model(model)
    entry = await catalog.get(model)
    return entry.info
