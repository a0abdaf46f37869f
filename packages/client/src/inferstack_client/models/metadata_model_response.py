from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.metadata_tensor import MetadataTensor


T = TypeVar("T", bound="MetadataModelResponse")


@_attrs_define
class MetadataModelResponse:
    """The answer to GET v2/models/${MODEL_NAME}[/versions/${MODEL_VERSION}] (Open Inference Protocol, "Model Metadata":
    $metadata_model_response).

        Attributes:
            name (str): The model's name.
            platform (str): The framework or backend that serves the model, e.g. onnxruntime_onnx or python.
            inputs (list[MetadataTensor]): The inputs the model requires.
            outputs (list[MetadataTensor]): The outputs the model produces.
            versions (list[str] | None | Unset): The versions of the model that the server can serve.
    """

    name: str
    platform: str
    inputs: list[MetadataTensor]
    outputs: list[MetadataTensor]
    versions: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        platform = self.platform

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        outputs = []
        for outputs_item_data in self.outputs:
            outputs_item = outputs_item_data.to_dict()
            outputs.append(outputs_item)

        versions: list[str] | None | Unset
        if isinstance(self.versions, Unset):
            versions = UNSET
        elif isinstance(self.versions, list):
            versions = self.versions

        else:
            versions = self.versions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "platform": platform,
                "inputs": inputs,
                "outputs": outputs,
            }
        )
        if versions is not UNSET:
            field_dict["versions"] = versions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.metadata_tensor import MetadataTensor  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        platform = d.pop("platform")

        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = MetadataTensor.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        outputs = []
        _outputs = d.pop("outputs")
        for outputs_item_data in _outputs:
            outputs_item = MetadataTensor.from_dict(outputs_item_data)

            outputs.append(outputs_item)

        def _parse_versions(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                versions_type_0 = cast(list[str], data)

                return versions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        versions = _parse_versions(d.pop("versions", UNSET))

        metadata_model_response = cls(
            name=name,
            platform=platform,
            inputs=inputs,
            outputs=outputs,
            versions=versions,
        )

        metadata_model_response.additional_properties = d
        return metadata_model_response

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
