from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.datatype import Datatype
from typing import cast

if TYPE_CHECKING:
    from ..models.parameters import Parameters


T = TypeVar("T", bound="ResponseOutput")


@_attrs_define
class ResponseOutput:
    """One output tensor of an inference response (Open Inference Protocol, "Response Output": $response_output).

    Attributes:
        name (str): The model output's name.
        shape (list[int]): The tensor's shape.
        datatype (Datatype): A tensor datatype (Open Inference Protocol, "Tensor Data Types"). BYTES elements are
            strings in JSON.
        data (list[bool | float | int | str]): The tensor's elements, flattened in row-major order. BYTES elements are
            strings (UTF-8 text, or base64 when the output's parameters say content_type base64).
        parameters (None | Parameters | Unset):
    """

    name: str
    shape: list[int]
    datatype: Datatype
    data: list[bool | float | int | str]
    parameters: None | Parameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.parameters import Parameters  # noqa: PLC0415

        name = self.name

        shape = self.shape

        datatype = self.datatype.value

        data = []
        for data_item_data in self.data:
            data_item: bool | float | int | str
            data_item = data_item_data
            data.append(data_item)

        parameters: dict[str, Any] | None | Unset
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, Parameters):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "shape": shape,
                "datatype": datatype,
                "data": data,
            }
        )
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameters import Parameters  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        shape = cast(list[int], d.pop("shape"))

        datatype = Datatype(d.pop("datatype"))

        data = []
        _data = d.pop("data")
        for data_item_data in _data:

            def _parse_data_item(data: object) -> bool | float | int | str:
                return cast(bool | float | int | str, data)

            data_item = _parse_data_item(data_item_data)

            data.append(data_item)

        def _parse_parameters(data: object) -> None | Parameters | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = Parameters.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Parameters | Unset, data)

        parameters = _parse_parameters(d.pop("parameters", UNSET))

        response_output = cls(
            name=name,
            shape=shape,
            datatype=datatype,
            data=data,
            parameters=parameters,
        )

        response_output.additional_properties = d
        return response_output

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
