from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define

from ..types import UNSET, Unset

from ..models.datatype import Datatype
from typing import cast

if TYPE_CHECKING:
    from ..models.parameters import Parameters


T = TypeVar("T", bound="RequestInput")


@_attrs_define
class RequestInput:
    """One input tensor of an inference request (Open Inference Protocol, "Request Input": $request_input). Its elements
    are in `data`, or, with the binary tensor data extension, in the request body after the JSON object,
    `parameters.binary_data_size` bytes of them (then `data` is absent).

        Attributes:
            name (str): The name of the model input this tensor feeds.
            shape (list[int]): The tensor's shape; every dimension is concrete (no -1).
            datatype (Datatype): A tensor datatype (Open Inference Protocol, "Tensor Data Types"). BYTES elements are
                strings in JSON.
            parameters (None | Parameters | Unset):
            data (list[Any] | None | Unset):
    """

    name: str
    shape: list[int]
    datatype: Datatype
    parameters: None | Parameters | Unset = UNSET
    data: list[Any] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.parameters import Parameters  # noqa: PLC0415

        name = self.name

        shape = self.shape

        datatype = self.datatype.value

        parameters: dict[str, Any] | None | Unset
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, Parameters):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        data: list[Any] | None | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, list):
            data = self.data

        else:
            data = self.data

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "shape": shape,
                "datatype": datatype,
            }
        )
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameters import Parameters  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        shape = cast(list[int], d.pop("shape"))

        datatype = Datatype(d.pop("datatype"))

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

        def _parse_data(data: object) -> list[Any] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                data_type_0 = cast(list[Any], data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Any] | None | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

        request_input = cls(
            name=name,
            shape=shape,
            datatype=datatype,
            parameters=parameters,
            data=data,
        )

        return request_input
