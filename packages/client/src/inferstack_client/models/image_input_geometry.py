from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


T = TypeVar("T", bound="ImageInputGeometry")


@_attrs_define
class ImageInputGeometry:
    """What an image model version reads: a grid of `height` x `width` values, made from a
    picture by the named normalisation.

        Attributes:
            height (int):
            width (int):
            normalisation (str): How the gateway turns a picture into the grid: `optdigits` (8x8 cells, 0..16, as scikit-
                learn's digits) or `mnist` (the ink fitted into 20/28 of the side, centred by its centre of mass, 0..1).
    """

    height: int
    width: int
    normalisation: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        height = self.height

        width = self.width

        normalisation = self.normalisation

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "height": height,
                "width": width,
                "normalisation": normalisation,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        height = d.pop("height")

        width = d.pop("width")

        normalisation = d.pop("normalisation")

        image_input_geometry = cls(
            height=height,
            width=width,
            normalisation=normalisation,
        )

        image_input_geometry.additional_properties = d
        return image_input_geometry

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
