"""The Open Inference Protocol's server-level routes: liveness, readiness and server metadata,
as v2 clients (tritonclient's `is_server_live`, `is_server_ready`, `get_server_metadata`) and
KServe probes call them. Liveness and readiness are open, like /healthz and /readyz."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from inferstack_gateway import __version__
from inferstack_gateway.api.deps import BackendDep, CatalogDep
from inferstack_gateway.api.problems import problem_responses
from inferstack_gateway.errors import TritonUnavailable
from inferstack_gateway.services.readiness import check_readiness
from inferstack_schemas.v2 import MetadataServerResponse

#: The protocol extensions the gateway serves: binary tensors (it encodes them itself), and
#: Triton's classification, parameters, sequence and scheduling fields (passed to Triton).
EXTENSIONS = ["binary_tensor_data", "classification", "parameters", "schedule_policy", "sequence"]
SERVER_NAME = "inferstack-gateway"

health_router = APIRouter(prefix="/v2/health", tags=["open-inference-protocol"])
router = APIRouter(prefix="/v2", tags=["open-inference-protocol"])
_EMPTY_200: dict[int | str, dict[str, Any]] = {200: {"description": "Yes (no body)."}}


@health_router.get(
    "/live",
    summary="Server liveness (v2): the gateway process answers",
    response_class=Response,
    responses=_EMPTY_200,
)
async def v2_server_live() -> Response:
    return Response(status_code=200)


@health_router.get(
    "/ready",
    summary="Server readiness (v2): Triton is live and every served model has a ready version",
    response_class=Response,
    responses={**_EMPTY_200, **problem_responses(503, path="/v2")},
)
async def v2_server_ready(backend: BackendDep, catalog: CatalogDep) -> Response:
    readiness = await check_readiness(backend, catalog)
    if readiness.status != "ready":
        raise TritonUnavailable(readiness.reason or "not ready")
    return Response(status_code=200)


@router.get(
    "",
    summary="Server metadata (v2): name, version and the protocol extensions served",
    responses=problem_responses(401, path="/v2"),
)
async def v2_server_metadata() -> MetadataServerResponse:
    return MetadataServerResponse(name=SERVER_NAME, version=__version__, extensions=EXTENSIONS)
