from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.readiness_status import ReadinessStatus
from ..models.readiness_triton import ReadinessTriton
from typing import cast

if TYPE_CHECKING:
    from ..models.model_readiness import ModelReadiness
    from ..models.prediction_log_health import PredictionLogHealth


T = TypeVar("T", bound="Readiness")


@_attrs_define
class Readiness:
    """Whether the gateway can serve inference now: Triton is live and every model is ready.

    Attributes:
        status (ReadinessStatus):
        triton (ReadinessTriton): Triton's own readiness as the gateway sees it.
        models (list[ModelReadiness] | Unset):
        reason (None | str | Unset): Why the gateway is not ready, when it is not.
        prediction_log (None | PredictionLogHealth | Unset): The prediction log: `degraded` while it cannot write
            (requests are still served, and the gateway stays ready).
    """

    status: ReadinessStatus
    triton: ReadinessTriton
    models: list[ModelReadiness] | Unset = UNSET
    reason: None | str | Unset = UNSET
    prediction_log: None | PredictionLogHealth | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.prediction_log_health import PredictionLogHealth  # noqa: PLC0415

        status = self.status.value

        triton = self.triton.value

        models: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.models, Unset):
            models = []
            for models_item_data in self.models:
                models_item = models_item_data.to_dict()
                models.append(models_item)

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        prediction_log: dict[str, Any] | None | Unset
        if isinstance(self.prediction_log, Unset):
            prediction_log = UNSET
        elif isinstance(self.prediction_log, PredictionLogHealth):
            prediction_log = self.prediction_log.to_dict()
        else:
            prediction_log = self.prediction_log

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "triton": triton,
            }
        )
        if models is not UNSET:
            field_dict["models"] = models
        if reason is not UNSET:
            field_dict["reason"] = reason
        if prediction_log is not UNSET:
            field_dict["prediction_log"] = prediction_log

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_readiness import ModelReadiness  # noqa: PLC0415
        from ..models.prediction_log_health import PredictionLogHealth  # noqa: PLC0415

        d = dict(src_dict)
        status = ReadinessStatus(d.pop("status"))

        triton = ReadinessTriton(d.pop("triton"))

        _models = d.pop("models", UNSET)
        models: list[ModelReadiness] | Unset = UNSET
        if _models is not UNSET:
            models = []
            for models_item_data in _models:
                models_item = ModelReadiness.from_dict(models_item_data)

                models.append(models_item)

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_prediction_log(data: object) -> None | PredictionLogHealth | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prediction_log_type_0 = PredictionLogHealth.from_dict(data)

                return prediction_log_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PredictionLogHealth | Unset, data)

        prediction_log = _parse_prediction_log(d.pop("prediction_log", UNSET))

        readiness = cls(
            status=status,
            triton=triton,
            models=models,
            reason=reason,
            prediction_log=prediction_log,
        )

        readiness.additional_properties = d
        return readiness

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
