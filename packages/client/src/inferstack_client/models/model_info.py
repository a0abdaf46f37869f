from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.task import Task
from typing import cast

if TYPE_CHECKING:
    from ..models.model_info_limits import ModelInfoLimits
    from ..models.model_info_parameters import ModelInfoParameters
    from ..models.model_version import ModelVersion
    from ..models.tensor_spec import TensorSpec


T = TypeVar("T", bound="ModelInfo")


@_attrs_define
class ModelInfo:
    """A model the gateway can route to.

    Attributes:
        name (str):
        task (None | Task): The gateway task the model serves; null when no processor knows it.
        versions (list[ModelVersion]):
        default_version (None | str): The version used when a request names none: the configured default, else the
            latest ready version.
        max_batch_size (int): Largest batch Triton accepts.
        inputs (list[TensorSpec]):
        outputs (list[TensorSpec]):
        labels (list[str] | Unset): Class labels, for classifiers.
        parameters (ModelInfoParameters | Unset): Facts the model's configuration declares (model card figures and the
            like).
        limits (ModelInfoLimits | Unset): What one request to this model may hold (the gateway's limits for its task).
    """

    name: str
    task: None | Task
    versions: list[ModelVersion]
    default_version: None | str
    max_batch_size: int
    inputs: list[TensorSpec]
    outputs: list[TensorSpec]
    labels: list[str] | Unset = UNSET
    parameters: ModelInfoParameters | Unset = UNSET
    limits: ModelInfoLimits | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        task: None | str
        if isinstance(self.task, Task):
            task = self.task.value
        else:
            task = self.task

        versions = []
        for versions_item_data in self.versions:
            versions_item = versions_item_data.to_dict()
            versions.append(versions_item)

        default_version: None | str
        default_version = self.default_version

        max_batch_size = self.max_batch_size

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        outputs = []
        for outputs_item_data in self.outputs:
            outputs_item = outputs_item_data.to_dict()
            outputs.append(outputs_item)

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        limits: dict[str, Any] | Unset = UNSET
        if not isinstance(self.limits, Unset):
            limits = self.limits.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "task": task,
                "versions": versions,
                "default_version": default_version,
                "max_batch_size": max_batch_size,
                "inputs": inputs,
                "outputs": outputs,
            }
        )
        if labels is not UNSET:
            field_dict["labels"] = labels
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if limits is not UNSET:
            field_dict["limits"] = limits

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_info_limits import ModelInfoLimits  # noqa: PLC0415
        from ..models.model_info_parameters import ModelInfoParameters  # noqa: PLC0415
        from ..models.model_version import ModelVersion  # noqa: PLC0415
        from ..models.tensor_spec import TensorSpec  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_task(data: object) -> None | Task:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                task_type_0 = Task(data)

                return task_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Task, data)

        task = _parse_task(d.pop("task"))

        versions = []
        _versions = d.pop("versions")
        for versions_item_data in _versions:
            versions_item = ModelVersion.from_dict(versions_item_data)

            versions.append(versions_item)

        def _parse_default_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        default_version = _parse_default_version(d.pop("default_version"))

        max_batch_size = d.pop("max_batch_size")

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = TensorSpec.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        outputs = []
        _outputs = d.pop("outputs")
        for outputs_item_data in _outputs:
            outputs_item = TensorSpec.from_dict(outputs_item_data)

            outputs.append(outputs_item)

        labels = cast(list[str], d.pop("labels", UNSET))

        _parameters = d.pop("parameters", UNSET)
        parameters: ModelInfoParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = ModelInfoParameters.from_dict(_parameters)

        _limits = d.pop("limits", UNSET)
        limits: ModelInfoLimits | Unset
        if isinstance(_limits, Unset):
            limits = UNSET
        else:
            limits = ModelInfoLimits.from_dict(_limits)

        model_info = cls(
            name=name,
            task=task,
            versions=versions,
            default_version=default_version,
            max_batch_size=max_batch_size,
            inputs=inputs,
            outputs=outputs,
            labels=labels,
            parameters=parameters,
            limits=limits,
        )

        model_info.additional_properties = d
        return model_info

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
