from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.prediction_log_health_state import PredictionLogHealthState
from typing import cast


T = TypeVar("T", bound="PredictionLogHealth")


@_attrs_define
class PredictionLogHealth:
    """The prediction log's state, as `/readyz` reports it. Never makes the gateway unready.

    Attributes:
        state (PredictionLogHealthState):
        pending (int): Records waiting to be written.
        dropped (int): Records dropped since start-up (queue full).
        detail (None | str | Unset): Why it is degraded (e.g. the database is unreachable).
    """

    state: PredictionLogHealthState
    pending: int
    dropped: int
    detail: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        state = self.state.value

        pending = self.pending

        dropped = self.dropped

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "state": state,
                "pending": pending,
                "dropped": dropped,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        state = PredictionLogHealthState(d.pop("state"))

        pending = d.pop("pending")

        dropped = d.pop("dropped")

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        prediction_log_health = cls(
            state=state,
            pending=pending,
            dropped=dropped,
            detail=detail,
        )

        prediction_log_health.additional_properties = d
        return prediction_log_health

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
