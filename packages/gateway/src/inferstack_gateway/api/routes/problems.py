"""The documentation of each problem type, at the URI its problems name as their `type`."""

from __future__ import annotations

from fastapi import APIRouter, Path

from inferstack_gateway.api.problem_types import PROBLEM_TYPES
from inferstack_gateway.api.problems import problem_responses
from inferstack_gateway.errors import NotFound
from inferstack_schemas import PROBLEM_TYPES_PATH, ProblemType, ProblemTypeList

router = APIRouter(prefix=PROBLEM_TYPES_PATH, tags=["problems"])


@router.get("", summary="Every problem type the gateway answers with")
async def list_problem_types() -> ProblemTypeList:
    return ProblemTypeList(types=list(PROBLEM_TYPES.values()))


@router.get(
    "/{slug}",
    summary="One problem type: its title, status and when the gateway answers with it",
    responses=problem_responses(404),
)
async def get_problem_type(
    slug: str = Path(pattern=r"^[a-z][a-z0-9-]*$", max_length=64, examples=["invalid-input"]),
) -> ProblemType:
    found = PROBLEM_TYPES.get(slug)
    if found is None:
        raise NotFound(f"no problem type {slug!r} (types: {', '.join(PROBLEM_TYPES)})")
    return found
