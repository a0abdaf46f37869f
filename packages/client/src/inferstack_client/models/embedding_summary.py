from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


from typing import cast


T = TypeVar("T", bound="EmbeddingSummary")


@_attrs_define
class EmbeddingSummary:
    """The embeddings answered, without the vectors.

    Attributes:
        count (int):
        dimension (int):
        norms (list[float]): The L2 norm of each vector, in order.
    """

    count: int
    dimension: int
    norms: list[float]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        dimension = self.dimension

        norms = self.norms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "dimension": dimension,
                "norms": norms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        dimension = d.pop("dimension")

        norms = cast(list[float], d.pop("norms"))

        embedding_summary = cls(
            count=count,
            dimension=dimension,
            norms=norms,
        )

        embedding_summary.additional_properties = d
        return embedding_summary

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
