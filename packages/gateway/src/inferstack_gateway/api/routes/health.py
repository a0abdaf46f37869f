"""Liveness (never calls Triton) and readiness (Triton live, every model ready)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from inferstack_gateway.api.deps import BackendDep, CatalogDep, gateway_state
from inferstack_gateway.services.readiness import check_readiness
from inferstack_schemas import Liveness, Readiness

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the gateway process answers")
async def liveness() -> Liveness:
    return Liveness()


@router.get(
    "/readyz",
    summary="Readiness: Triton is live and every served model has a ready version",
    description="Not ready also while the gateway's model catalog has not been read from Triton "
    "(a gateway started before Triton reads it in the background once Triton answers). "
    "`prediction_log` reports the prediction log; a degraded log (its database unreachable) "
    "never makes the gateway unready.",
    responses={503: {"model": Readiness, "description": "Not ready; `reason` says why."}},
)
async def readiness(
    backend: BackendDep, catalog: CatalogDep, request: Request, response: Response
) -> Readiness:
    readiness = await check_readiness(backend, catalog)
    readiness.prediction_log = gateway_state(request).prediction_log.health()
    if readiness.status != "ready":
        response.status_code = 503
        response.headers["Retry-After"] = "5"
    return readiness
