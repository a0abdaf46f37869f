"""Liveness (never calls Triton) and readiness (Triton live, every model ready)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from inferstack_gateway.api.deps import TritonDep
from inferstack_gateway.errors import GatewayError
from inferstack_schemas import Liveness, ModelReadiness, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the gateway process answers")
async def liveness() -> Liveness:
    return Liveness()


@router.get(
    "/readyz",
    summary="Readiness: Triton is live and every served model has a ready version",
    responses={503: {"model": Readiness, "description": "Not ready; `reason` says why."}},
)
async def readiness(triton: TritonDep, response: Response) -> Readiness:
    readiness = await _check(triton)
    if readiness.status != "ready":
        response.status_code = 503
        response.headers["Retry-After"] = "5"
    return readiness


async def _check(triton: TritonDep) -> Readiness:
    if not await triton.is_ready():
        return Readiness(
            status="not_ready",
            triton="unreachable",
            reason=f"Triton at {triton.url} is unreachable or not ready",
        )
    try:
        index = await triton.repository_index()
    except GatewayError as exc:
        return Readiness(status="not_ready", triton="not_ready", reason=exc.detail)
    ready: dict[str, list[str]] = {}
    for row in index:
        versions = ready.setdefault(row.name, [])
        if row.state == "READY" and row.version:
            versions.append(row.version)
    models = [
        ModelReadiness(name=name, ready=bool(versions), ready_versions=sorted(versions, key=int))
        for name, versions in sorted(ready.items())
    ]
    missing = [m.name for m in models if not m.ready]
    if missing:
        return Readiness(
            status="not_ready",
            triton="ready",
            models=models,
            reason=f"no ready version of: {', '.join(missing)}",
        )
    return Readiness(status="ready", triton="ready", models=models)
