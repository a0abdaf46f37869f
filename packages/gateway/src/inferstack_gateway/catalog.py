"""The model catalog, read from Triton (repository index + model configs) and cached briefly."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from inferstack_gateway.errors import GatewayError, ModelNotFound, VersionNotFound
from inferstack_gateway.processors.base import Processor
from inferstack_gateway.triton_client import RepositoryEntry, TritonClient
from inferstack_schemas import ModelInfo, ModelVersion, TensorSpec

_READY = "READY"
_log = logging.getLogger("inferstack.gateway")


@dataclass(frozen=True)
class CatalogEntry:
    """A served model: its public description plus what the gateway needs to call it."""

    info: ModelInfo
    processor: Processor | None

    @property
    def input_name(self) -> str:
        return self.info.inputs[0].name

    @property
    def output_name(self) -> str:
        return self.info.outputs[0].name

    def resolve_version(self, requested: str | None) -> str:
        """The version to call: the one asked for (if ready), else the default."""
        if requested is None:
            if self.info.default_version is None:
                raise VersionNotFound(f"model {self.info.name!r} has no ready version")
            return self.info.default_version
        for version in self.info.versions:
            if version.version == requested:
                if not version.ready:
                    raise VersionNotFound(
                        f"version {requested!r} of model {self.info.name!r} is not ready "
                        f"({version.state}{': ' + version.reason if version.reason else ''})"
                    )
                return requested
        served = ", ".join(v.version for v in self.info.versions) or "none"
        raise VersionNotFound(
            f"model {self.info.name!r} has no version {requested!r} (versions: {served})"
        )


class Catalog:
    """What Triton serves now, reused for `ttl_s` seconds; refreshed by one caller at a time."""

    def __init__(
        self,
        triton: TritonClient,
        processors: Mapping[str, Processor],
        default_versions: Mapping[str, str],
        ttl_s: float,
        limits_by_task: Mapping[str, Mapping[str, int]] | None = None,
    ) -> None:
        self._triton = triton
        self._processors = processors
        self._default_versions = default_versions
        self._limits_by_task = limits_by_task or {}
        self._ttl_s = ttl_s
        self._entries: dict[str, CatalogEntry] = {}
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    def invalidate(self) -> None:
        self._loaded_at = float("-inf")

    async def entries(self) -> dict[str, CatalogEntry]:
        if time.monotonic() - self._loaded_at < self._ttl_s:
            return self._entries
        async with self._lock:
            if time.monotonic() - self._loaded_at >= self._ttl_s:
                self._entries = await self._load()
                self._loaded_at = time.monotonic()
        return self._entries

    async def prime(self) -> None:
        """Load the catalog now if Triton answers.

        Called at start-up, so that the first request does not pay for the load nor for what it
        does once per process (opening the gRPC connection, importing protobuf's JSON support):
        about 80 ms. A gateway started before Triton still starts: the first request that needs
        the catalog loads it then."""
        try:
            await self.entries()
        except GatewayError as exc:
            _log.warning("model catalog not loaded at start-up: %s", exc.detail)

    async def get(self, model: str) -> CatalogEntry:
        entries = await self.entries()
        entry = entries.get(model)
        if entry is None:
            self.invalidate()  # a model may have been added since; look again next time
            served = ", ".join(sorted(entries)) or "none"
            raise ModelNotFound(f"model {model!r} is not served (models: {served})")
        return entry

    async def _load(self) -> dict[str, CatalogEntry]:
        by_model: dict[str, list[RepositoryEntry]] = {}
        for row in await self._triton.repository_index():
            by_model.setdefault(row.name, []).append(row)
        names = sorted(by_model)
        configs = await asyncio.gather(*(self._triton.model_config(name) for name in names))
        return {
            name: self._entry(name, rows, config)
            for name, rows, config in zip(names, (by_model[n] for n in names), configs, strict=True)
        }

    def _entry(
        self, name: str, rows: list[RepositoryEntry], config: dict[str, Any]
    ) -> CatalogEntry:
        parameters = {
            key: str(value.get("string_value", ""))
            for key, value in config.get("parameters", {}).items()
        }
        processor = self._processors.get(parameters.get("processor", name))
        versions = sorted(
            (
                ModelVersion(
                    version=row.version,
                    state=row.state,
                    ready=row.state == _READY,
                    reason=row.reason or None,
                )
                for row in rows
                if row.version
            ),
            key=lambda v: int(v.version) if v.version.isdigit() else -1,
        )
        max_batch = int(config.get("max_batch_size", 0))
        labels_param = parameters.pop("labels", "")
        info = ModelInfo(
            name=name,
            task=processor.task if processor else None,
            versions=versions,
            default_version=self._default_version(name, versions),
            max_batch_size=max_batch,
            inputs=[_tensor(t, max_batch) for t in config.get("input", [])],
            outputs=[_tensor(t, max_batch) for t in config.get("output", [])],
            labels=[label for label in labels_param.split(",") if label] if labels_param else [],
            parameters=parameters,
            limits=dict(self._limits_by_task.get(processor.task, {})) if processor else {},
        )
        return CatalogEntry(info=info, processor=processor)

    def _default_version(self, name: str, versions: list[ModelVersion]) -> str | None:
        ready = [v.version for v in versions if v.ready]
        configured = self._default_versions.get(name)
        if configured is not None and configured in ready:
            return configured
        return ready[-1] if ready else None


def _tensor(spec: dict[str, Any], max_batch_size: int) -> TensorSpec:
    dims = [int(d) for d in spec.get("dims", [])]
    datatype = str(spec.get("data_type", "TYPE_INVALID")).removeprefix("TYPE_")
    if datatype == "STRING":
        datatype = "BYTES"
    return TensorSpec(
        name=str(spec["name"]), datatype=datatype, shape=[-1, *dims] if max_batch_size else dims
    )
