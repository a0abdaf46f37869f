from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field


if TYPE_CHECKING:
    from ..models.prediction_label import PredictionLabel


T = TypeVar("T", bound="PredictionItem")


@_attrs_define
class PredictionItem:
    """The top labels answered for one item (image or text), most probable first.

    Attributes:
        index (int):
        top (list[PredictionLabel]):
    """

    index: int
    top: list[PredictionLabel]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        top = []
        for top_item_data in self.top:
            top_item = top_item_data.to_dict()
            top.append(top_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "top": top,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.prediction_label import PredictionLabel  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        top = []
        _top = d.pop("top")
        for top_item_data in _top:
            top_item = PredictionLabel.from_dict(top_item_data)

            top.append(top_item)

        prediction_item = cls(
            index=index,
            top=top,
        )

        prediction_item.additional_properties = d
        return prediction_item

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
