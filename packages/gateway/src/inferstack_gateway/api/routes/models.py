"""The model catalog as Triton serves it."""

from __future__ import annotations

from fastapi import APIRouter, Path

from inferstack_gateway.api.deps import CatalogDep, ContextDep
from inferstack_gateway.api.problems import problem_responses
from inferstack_schemas import ModelInfo, ModelList

router = APIRouter(prefix="/v1/models", tags=["models"])


@router.get("", summary="List the served models", responses=problem_responses(401, 503, 504))
async def list_models(catalog: CatalogDep) -> ModelList:
    snapshot = catalog.snapshot
    if not snapshot.loaded:
        snapshot.get("")  # raises the 503 that says why
    catalog.check_reachable()
    return ModelList(models=[snapshot.entries[name].info for name in sorted(snapshot.entries)])


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
    entry = catalog.get(model)
    catalog.check_reachable()
    context.record_entry(entry)
    return entry.info
