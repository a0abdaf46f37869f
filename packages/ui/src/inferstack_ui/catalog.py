"""The model catalog as the gateway reports it, laid out as rows for tables and choices."""

from __future__ import annotations

from dataclasses import dataclass

from inferstack_client.models import ModelInfo, ModelList, Task
from inferstack_client.types import Unset

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
    rows: list[Row] = []
    for version in model.versions:
        reason = None if isinstance(version.reason, Unset) else version.reason
        rows.append(
            {
                "version": version.version,
                "state": version.state,
                "ready": version.ready,
                "default": version.version == model.default_version,
                "reason": reason or "",
            }
        )
    return rows


def tensor_rows(model: ModelInfo, which: str) -> list[Row]:
    tensors = model.inputs if which == "inputs" else model.outputs
    return [
        {
            "name": tensor.name,
            "datatype": tensor.datatype,
            "shape": "[" + ", ".join("batch" if d == -1 else str(d) for d in tensor.shape) + "]",
        }
        for tensor in tensors
    ]


def parameter_rows(model: ModelInfo) -> list[Row]:
    if isinstance(model.parameters, Unset):
        return []
    values = model.parameters.additional_properties
    return [{"parameter": key, "value": str(values[key])} for key in sorted(values)]


def limit_rows(model: ModelInfo) -> list[Row]:
    """The gateway's per-request limits for this model's task."""
    if isinstance(model.limits, Unset):
        return []
    values = model.limits.additional_properties
    return [{"limit": key, "value": str(values[key])} for key in sorted(values)]
