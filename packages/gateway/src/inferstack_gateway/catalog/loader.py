"""Reads the catalog from the inference backend and resolves every per-model fact once: task and
processor, versions and the default one, tensors, labels, limits, sequence length, and each
version's image input geometry."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from inferstack_gateway.catalog.entry import CatalogEntry
from inferstack_gateway.catalog.snapshot import CatalogSnapshot
from inferstack_gateway.processors.base import ImageClassifier, Processor
from inferstack_gateway.processors.geometry import ImageGeometry, declared_geometry
from inferstack_gateway.triton import InferenceBackend, ModelConfig, RepositoryEntry, TensorConfig
from inferstack_schemas import ImageInputGeometry, ModelInfo, ModelVersion, Task, TensorSpec

#: Configuration parameters the loader interprets (the others are reported as they are).
PROCESSOR_PARAMETER = "processor"  # the processor's name; default: the model's own name
LABELS_PARAMETER = "labels"  # comma-separated class labels, in output order
SEQUENCE_PARAMETER = "max_sequence_length"  # text models: tokens per text


class CatalogLoader:
    """Builds a `CatalogSnapshot` from the backend: its repository index, then every model's
    configuration (1 + N calls, concurrently). Raises the backend's `GatewayError`s."""

    def __init__(
        self,
        backend: InferenceBackend,
        processors: Mapping[str, Processor],
        *,
        default_versions: Mapping[str, str],
        limits_by_task: Mapping[Task, Mapping[str, int]],
    ) -> None:
        self._backend = backend
        self._processors = processors
        self._default_versions = default_versions
        self._limits_by_task = limits_by_task

    async def load(self) -> CatalogSnapshot:
        by_model: dict[str, list[RepositoryEntry]] = {}
        for row in await self._backend.repository_index():
            by_model.setdefault(row.name, []).append(row)
        names = sorted(by_model)
        configs = await asyncio.gather(*(self._backend.model_config(name) for name in names))
        entries = {
            name: self._entry(name, by_model[name], config)
            for name, config in zip(names, configs, strict=True)
        }
        return CatalogSnapshot(entries, loaded=True)

    def _entry(
        self, name: str, rows: Sequence[RepositoryEntry], config: ModelConfig
    ) -> CatalogEntry:
        parameters = dict(config.parameters)
        processor = self._processors.get(parameters.get(PROCESSOR_PARAMETER, name))
        served = [row for row in rows if row.version]
        geometries: dict[str, ImageGeometry] = {}
        problems: dict[str, str] = {}
        if processor is not None and processor.task == Task.IMAGE_CLASSIFICATION:
            dims = config.inputs[0].dims if config.inputs else ()
            names = [row.version for row in served]
            geometries, problems = _geometries(processor, parameters, names, dims)
        versions = sorted(
            (
                ModelVersion(
                    version=row.version,
                    state=row.state,
                    ready=row.ready,
                    reason=row.reason or None,
                    image_input=_public(geometries.get(row.version)),
                )
                for row in served
            ),
            key=lambda v: int(v.version) if v.version.isdigit() else -1,
        )
        labels = parameters.pop(LABELS_PARAMETER, "")
        batch = config.max_batch_size
        info = ModelInfo(
            name=name,
            task=processor.task if processor else None,
            versions=versions,
            default_version=self._default_version(name, versions),
            max_batch_size=batch,
            inputs=[_tensor(t, batch) for t in config.inputs],
            outputs=[_tensor(t, batch) for t in config.outputs],
            labels=[label for label in labels.split(",") if label],
            parameters=parameters,
            limits=dict(self._limits_by_task.get(processor.task, {})) if processor else {},
        )
        sequence_length = None
        if processor is not None and processor.task == Task.EMBEDDINGS:
            sequence_length = processor.max_length(parameters.get(SEQUENCE_PARAMETER))
        return CatalogEntry(
            info=info,
            processor=processor,
            output_name=config.outputs[0].name if config.outputs else "",
            max_sequence_length=sequence_length,
            image_geometries=geometries,
            geometry_problems=problems,
        )

    def _default_version(self, name: str, versions: Sequence[ModelVersion]) -> str | None:
        ready = [v.version for v in versions if v.ready]
        configured = self._default_versions.get(name)
        if configured is not None and configured in ready:
            return configured
        return ready[-1] if ready else None


def _geometries(
    processor: ImageClassifier,
    parameters: Mapping[str, str],
    versions: Sequence[str],
    dims: Sequence[int],
) -> tuple[dict[str, ImageGeometry], dict[str, str]]:
    """Each version's input geometry as the processor will make it, or why it has none."""
    geometries: dict[str, ImageGeometry] = {}
    problems: dict[str, str] = {}
    for version in versions:
        try:
            geometries[version] = processor.geometry(declared_geometry(parameters, version), dims)
        except ValueError as exc:
            problems[version] = str(exc)
    return geometries, problems


def _public(geometry: ImageGeometry | None) -> ImageInputGeometry | None:
    if geometry is None:
        return None
    return ImageInputGeometry(
        height=geometry.height, width=geometry.width, normalisation=geometry.normalisation
    )


def _tensor(tensor: TensorConfig, max_batch_size: int) -> TensorSpec:
    dims = list(tensor.dims)
    return TensorSpec(
        name=tensor.name,
        datatype=tensor.datatype,
        shape=[-1, *dims] if max_batch_size else dims,
    )
