from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


from ..models.prediction_count_status_class import PredictionCountStatusClass
from typing import cast


T = TypeVar("T", bound="PredictionCount")


@_attrs_define
class PredictionCount:
    """Requests of one model version with one class of status.

    Attributes:
        model (None | str):
        version (None | str):
        status_class (PredictionCountStatusClass):
        count (int):
    """

    model: None | str
    version: None | str
    status_class: PredictionCountStatusClass
    count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: None | str
        model = self.model

        version: None | str
        version = self.version

        status_class = self.status_class.value

        count = self.count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "version": version,
                "status_class": status_class,
                "count": count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

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

        status_class = PredictionCountStatusClass(d.pop("status_class"))

        count = d.pop("count")

        prediction_count = cls(
            model=model,
            version=version,
            status_class=status_class,
            count=count,
        )

        prediction_count.additional_properties = d
        return prediction_count

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
