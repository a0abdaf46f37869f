from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
    from ..models.prediction_inputs import PredictionInputs
    from ..models.prediction_outputs import PredictionOutputs
    from ..models.prediction_problem import PredictionProblem
    from ..models.prediction_record_timings import PredictionRecordTimings


T = TypeVar("T", bound="PredictionRecord")


@_attrs_define
class PredictionRecord:
    """One inference request as the prediction log stored it.

    Attributes:
        request_id (str):
        time (datetime.datetime): When the request arrived (UTC).
        route (str): The route template.
        model (None | str): The model that answered; null when none was resolved.
        version (None | str):
        status (int):
        latency_ms (float): In the gateway, first byte in to last out.
        timings (PredictionRecordTimings | Unset): Stage timings in milliseconds, when answered.
        caller (None | str | Unset): The API key's identity (`key:` and a SHA-256 prefix), never the key; null on a
            gateway without keys.
        inputs (None | PredictionInputs | Unset):
        outputs (None | PredictionOutputs | Unset):
        problem (None | PredictionProblem | Unset):
        raw_inputs (list[str] | None | Unset): The inputs themselves (base64 for images), only when the gateway is set
            to keep them and they fit its size cap.
    """

    request_id: str
    time: datetime.datetime
    route: str
    model: None | str
    version: None | str
    status: int
    latency_ms: float
    timings: PredictionRecordTimings | Unset = UNSET
    caller: None | str | Unset = UNSET
    inputs: None | PredictionInputs | Unset = UNSET
    outputs: None | PredictionOutputs | Unset = UNSET
    problem: None | PredictionProblem | Unset = UNSET
    raw_inputs: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.prediction_inputs import PredictionInputs  # noqa: PLC0415
        from ..models.prediction_outputs import PredictionOutputs  # noqa: PLC0415
        from ..models.prediction_problem import PredictionProblem  # noqa: PLC0415

        request_id = self.request_id

        time = self.time.isoformat()

        route = self.route

        model: None | str
        model = self.model

        version: None | str
        version = self.version

        status = self.status

        latency_ms = self.latency_ms

        timings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.timings, Unset):
            timings = self.timings.to_dict()

        caller: None | str | Unset
        if isinstance(self.caller, Unset):
            caller = UNSET
        else:
            caller = self.caller

        inputs: dict[str, Any] | None | Unset
        if isinstance(self.inputs, Unset):
            inputs = UNSET
        elif isinstance(self.inputs, PredictionInputs):
            inputs = self.inputs.to_dict()
        else:
            inputs = self.inputs

        outputs: dict[str, Any] | None | Unset
        if isinstance(self.outputs, Unset):
            outputs = UNSET
        elif isinstance(self.outputs, PredictionOutputs):
            outputs = self.outputs.to_dict()
        else:
            outputs = self.outputs

        problem: dict[str, Any] | None | Unset
        if isinstance(self.problem, Unset):
            problem = UNSET
        elif isinstance(self.problem, PredictionProblem):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        raw_inputs: list[str] | None | Unset
        if isinstance(self.raw_inputs, Unset):
            raw_inputs = UNSET
        elif isinstance(self.raw_inputs, list):
            raw_inputs = self.raw_inputs

        else:
            raw_inputs = self.raw_inputs

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request_id": request_id,
                "time": time,
                "route": route,
                "model": model,
                "version": version,
                "status": status,
                "latency_ms": latency_ms,
            }
        )
        if timings is not UNSET:
            field_dict["timings"] = timings
        if caller is not UNSET:
            field_dict["caller"] = caller
        if inputs is not UNSET:
            field_dict["inputs"] = inputs
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if problem is not UNSET:
            field_dict["problem"] = problem
        if raw_inputs is not UNSET:
            field_dict["raw_inputs"] = raw_inputs

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prediction_inputs import PredictionInputs  # noqa: PLC0415
        from ..models.prediction_outputs import PredictionOutputs  # noqa: PLC0415
        from ..models.prediction_problem import PredictionProblem  # noqa: PLC0415
        from ..models.prediction_record_timings import PredictionRecordTimings  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("request_id")

        time = datetime.datetime.fromisoformat(d.pop("time"))

        route = d.pop("route")

        def _parse_model(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        model = _parse_model(d.pop("model"))

        def _parse_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        version = _parse_version(d.pop("version"))

        status = d.pop("status")

        latency_ms = d.pop("latency_ms")

        _timings = d.pop("timings", UNSET)
        timings: PredictionRecordTimings | Unset
        if isinstance(_timings, Unset):
            timings = UNSET
        else:
            timings = PredictionRecordTimings.from_dict(_timings)

        def _parse_caller(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        caller = _parse_caller(d.pop("caller", UNSET))

        def _parse_inputs(data: object) -> None | PredictionInputs | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                inputs_type_0 = PredictionInputs.from_dict(data)

                return inputs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PredictionInputs | Unset, data)

        inputs = _parse_inputs(d.pop("inputs", UNSET))

        def _parse_outputs(data: object) -> None | PredictionOutputs | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                outputs_type_0 = PredictionOutputs.from_dict(data)

                return outputs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PredictionOutputs | Unset, data)

        outputs = _parse_outputs(d.pop("outputs", UNSET))

        def _parse_problem(data: object) -> None | PredictionProblem | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = PredictionProblem.from_dict(data)

                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PredictionProblem | Unset, data)

        problem = _parse_problem(d.pop("problem", UNSET))

        def _parse_raw_inputs(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                raw_inputs_type_0 = cast(list[str], data)

                return raw_inputs_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        raw_inputs = _parse_raw_inputs(d.pop("raw_inputs", UNSET))

        prediction_record = cls(
            request_id=request_id,
            time=time,
            route=route,
            model=model,
            version=version,
            status=status,
            latency_ms=latency_ms,
            timings=timings,
            caller=caller,
            inputs=inputs,
            outputs=outputs,
            problem=problem,
            raw_inputs=raw_inputs,
        )

        prediction_record.additional_properties = d
        return prediction_record

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
