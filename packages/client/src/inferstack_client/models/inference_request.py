from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.parameters import Parameters
    from ..models.request_input import RequestInput
    from ..models.request_output import RequestOutput


T = TypeVar("T", bound="InferenceRequest")


@_attrs_define
class InferenceRequest:
    """The body of POST v2/models/${MODEL_NAME}[/versions/${MODEL_VERSION}]/infer (Open Inference Protocol, "Inference
    Request JSON Object": $inference_request).

        Attributes:
            inputs (list[RequestInput]): The input tensors.
            id (None | str | Unset): An identifier for the request, echoed in the response.
            parameters (None | Parameters | Unset):
            outputs (list[RequestOutput] | None | Unset): The outputs to return; all of the model's outputs when absent.
    """

    inputs: list[RequestInput]
    id: None | str | Unset = UNSET
    parameters: None | Parameters | Unset = UNSET
    outputs: list[RequestOutput] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.parameters import Parameters  # noqa: PLC0415

        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        parameters: dict[str, Any] | None | Unset
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, Parameters):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        outputs: list[dict[str, Any]] | None | Unset
        if isinstance(self.outputs, Unset):
            outputs = UNSET
        elif isinstance(self.outputs, list):
            outputs = []
            for outputs_type_0_item_data in self.outputs:
                outputs_type_0_item = outputs_type_0_item_data.to_dict()
                outputs.append(outputs_type_0_item)

        else:
            outputs = self.outputs

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "inputs": inputs,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if outputs is not UNSET:
            field_dict["outputs"] = outputs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.parameters import Parameters  # noqa: PLC0415
        from ..models.request_input import RequestInput  # noqa: PLC0415
        from ..models.request_output import RequestOutput  # noqa: PLC0415

        d = dict(src_dict)
        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = RequestInput.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

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

        def _parse_outputs(data: object) -> list[RequestOutput] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                outputs_type_0 = []
                _outputs_type_0 = data
                for outputs_type_0_item_data in _outputs_type_0:
                    outputs_type_0_item = RequestOutput.from_dict(
                        outputs_type_0_item_data
                    )

                    outputs_type_0.append(outputs_type_0_item)

                return outputs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[RequestOutput] | None | Unset, data)

        outputs = _parse_outputs(d.pop("outputs", UNSET))

        inference_request = cls(
            inputs=inputs,
            id=id,
            parameters=parameters,
            outputs=outputs,
        )

        return inference_request
