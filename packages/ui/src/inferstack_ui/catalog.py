"""The model catalog as the gateway reports it, laid out as rows for tables and choices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from inferstack_client.models import ImageInputGeometry, ModelInfo, ModelList, ModelVersion, Task
from inferstack_client.types import Unset
from inferstack_ui import formatting

DEFAULT_VERSION = "default"

Row = dict[str, str | int | bool | None]


@dataclass(frozen=True)
class ModelChoice:
    """What the user picked: a model and a version ("default" lets the gateway choose)."""

    model: str
    version_choice: str

    @property
    def version(self) -> str | None:
        """The version to send: None for the gateway's default."""
        return None if self.version_choice == DEFAULT_VERSION else self.version_choice


def classifiers(catalog: ModelList) -> list[ModelInfo]:
    """The models the gateway can classify images with."""
    return [model for model in catalog.models if model.task == Task.IMAGE_CLASSIFICATION]


def version_choices(model: ModelInfo) -> list[str]:
    """ "default" first, then every version the gateway lists, ready or not."""
    return [DEFAULT_VERSION, *(version.version for version in model.versions)]


def describe_version_choice(model: ModelInfo, choice: str) -> str:
    if choice == DEFAULT_VERSION:
        default = model.default_version
        return f"default (now {default})" if default else "default (none ready)"
    state = next((v for v in model.versions if v.version == choice), None)
    if state is None or state.ready:
        return choice
    return f"{choice} (not ready: {state.state})"


def labels(model: ModelInfo) -> list[str]:
    return [] if isinstance(model.labels, Unset) else list(model.labels)


def version_rows(model: ModelInfo) -> list[Row]:
    """One row per version; an image model's rows also say what each version reads (`input`),
    as its versions may read grids of different sizes."""
    inputs = [image_input(version) for version in model.versions]
    rows: list[Row] = []
    for version, read in zip(model.versions, inputs, strict=True):
        reason = None if isinstance(version.reason, Unset) else version.reason
        row: Row = {
            "version": version.version,
            "state": version.state,
            "ready": version.ready,
            "default": version.version == model.default_version,
        }
        if any(inputs):
            row["input"] = read
        row["reason"] = reason or ""
        rows.append(row)
    return rows


def image_input(version: ModelVersion) -> str:
    """The grid an image model's version reads, e.g. "28x28 (mnist)"; "" for other models."""
    geometry = version.image_input
    if not isinstance(geometry, ImageInputGeometry):
        return ""
    return f"{geometry.height}x{geometry.width} ({geometry.normalisation})"


def ready_versions(model: ModelInfo) -> list[str]:
    """The versions that can answer now, in the catalog's order."""
    return [version.version for version in model.versions if version.ready]


def dimension_names(model: ModelInfo, shape: Sequence[int]) -> list[str]:
    """Each dimension of a tensor: its size, or what a variable one (-1) stands for.

    Only the first dimension of a batching model (`max_batch_size` > 0) is the batch. A text
    model's other variable dimension is the token sequence, at most its `max_sequence_length`.
    Any other variable dimension is "any".
    """
    names = []
    for index, size in enumerate(shape):
        if size != -1:
            names.append(str(size))
        elif index == 0 and model.max_batch_size > 0:
            names.append("batch")
        elif model.task == Task.EMBEDDINGS:
            longest = parameters(model).get("max_sequence_length")
            names.append(f"tokens (≤ {longest})" if longest else "tokens")
        else:
            names.append("any")
    return names


def tensor_rows(model: ModelInfo, which: str) -> list[Row]:
    tensors = model.inputs if which == "inputs" else model.outputs
    return [
        {
            "name": tensor.name,
            "datatype": tensor.datatype,
            "shape": "[" + ", ".join(dimension_names(model, tensor.shape)) + "]",
        }
        for tensor in tensors
    ]


def parameters(model: ModelInfo) -> dict[str, str]:
    """The facts the model's configuration declares, as strings."""
    if isinstance(model.parameters, Unset):
        return {}
    return {key: str(value) for key, value in model.parameters.additional_properties.items()}


def parameter_rows(model: ModelInfo) -> list[Row]:
    """The configuration's parameters other than model card facts (`card.*`)."""
    values = parameters(model)
    return [
        {"parameter": key, "value": values[key]}
        for key in sorted(values)
        if not key.startswith("card.")
    ]


def limits(model: ModelInfo) -> dict[str, int]:
    return {} if isinstance(model.limits, Unset) else dict(model.limits.additional_properties)


def limit_rows(model: ModelInfo) -> list[Row]:
    """The gateway's per-request limits for this model's task, in units a person reads."""
    values = limits(model)
    return [
        {"limit": formatting.limit_name(key), "at most": formatting.limit(key, values[key])}
        for key in sorted(values)
    ]
