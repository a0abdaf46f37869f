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


T = TypeVar("T", bound="Readiness")


@_attrs_define
class Readiness:
    """Whether the gateway can serve inference now: Triton is live and every model is ready.

    Attributes:
        status (ReadinessStatus):
        triton (ReadinessTriton): Triton's own readiness as the gateway sees it.
        models (list[ModelReadiness] | Unset):
        reason (None | str | Unset): Why the gateway is not ready, when it is not.
    """

    status: ReadinessStatus
    triton: ReadinessTriton
    models: list[ModelReadiness] | Unset = UNSET
    reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_readiness import ModelReadiness  # noqa: PLC0415

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

        readiness = cls(
            status=status,
            triton=triton,
            models=models,
            reason=reason,
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
