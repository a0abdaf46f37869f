"""Readiness: the backend is live, every model it knows has a ready version, and the gateway's
model catalog has been read. Triton's state is read live from the backend on each call (never
from the catalog snapshot), so it reports the present; the catalog is checked only for having
loaded, since until then every inference is answered 503."""

from __future__ import annotations

from inferstack_gateway.catalog import Catalog
from inferstack_gateway.errors import GatewayError
from inferstack_gateway.triton import InferenceBackend
from inferstack_schemas import ModelReadiness, Readiness


async def check_readiness(backend: InferenceBackend, catalog: Catalog) -> Readiness:
    """Ready, or not ready with the reason: the backend unreachable or not ready, its index
    unreadable, models without a ready version, or the catalog not loaded yet (a gateway that
    could not read it at start-up retries in the background). Never raises."""
    if not await backend.is_ready():
        return Readiness(
            status="not_ready",
            triton="unreachable",
            reason=f"Triton at {backend.url} is unreachable or not ready",
        )
    try:
        index = await backend.repository_index()
    except GatewayError as exc:
        return Readiness(status="not_ready", triton="not_ready", reason=exc.detail)
    ready: dict[str, list[str]] = {}
    for row in index:
        versions = ready.setdefault(row.name, [])
        if row.ready and row.version:
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
    if not catalog.snapshot.loaded:
        return Readiness(
            status="not_ready",
            triton="ready",
            models=models,
            reason=catalog.snapshot.not_loaded_reason,
        )
    return Readiness(status="ready", triton="ready", models=models)
