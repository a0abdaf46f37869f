from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


from typing import cast


T = TypeVar("T", bound="ModelReadiness")


@_attrs_define
class ModelReadiness:
    """Readiness of one model that Triton serves.

    Attributes:
        name (str):
        ready (bool): At least one version is ready.
        ready_versions (list[str]):
    """

    name: str
    ready: bool
    ready_versions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        ready = self.ready

        ready_versions = self.ready_versions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "ready": ready,
                "ready_versions": ready_versions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        ready = d.pop("ready")

        ready_versions = cast(list[str], d.pop("ready_versions"))

        model_readiness = cls(
            name=name,
            ready=ready,
            ready_versions=ready_versions,
        )

        model_readiness.additional_properties = d
        return model_readiness

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
