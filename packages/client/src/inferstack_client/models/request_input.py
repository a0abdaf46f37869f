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
    """One input tensor of an inference request (Open Inference Protocol, "Request Input": $request_input).

    Attributes:
        name (str): The name of the model input this tensor feeds.
        shape (list[int]): The tensor's shape; every dimension is concrete (no -1).
        datatype (Datatype): A tensor datatype (Open Inference Protocol, "Tensor Data Types"). BYTES elements are
            strings in JSON.
        data (list[Any]): Tensor elements in row-major order (Open Inference Protocol, "Tensor Data": $tensor_data):
            booleans, numbers or strings (BYTES), flat or nested in the tensor's own dimensions. The schema leaves the
            elements open; the server checks each against the tensor's datatype and counts them against its shape.
        parameters (None | Parameters | Unset):
    """

    name: str
    shape: list[int]
    datatype: Datatype
    data: list[Any]
    parameters: None | Parameters | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.parameters import Parameters  # noqa: PLC0415

        name = self.name

        shape = self.shape

        datatype = self.datatype.value

        data = self.data

        parameters: dict[str, Any] | None | Unset
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, Parameters):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        field_dict: dict[str, Any] = {}

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

        data = cast(list[Any], d.pop("data"))

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

        request_input = cls(
            name=name,
            shape=shape,
            datatype=datatype,
            data=data,
            parameters=parameters,
        )

        return request_input
