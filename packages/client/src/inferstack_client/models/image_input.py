from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="ImageInput")


@_attrs_define
class ImageInput:
    """One image, base64-encoded (a `data:image/...;base64,` URL is accepted too).

    Attributes:
        data (str): The encoded image file (PNG, JPEG, GIF, BMP or WebP), base64.
        name (None | str | Unset): A name of the caller's choosing (a file name, say), echoed in the result.
    """

    data: str
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "data": data,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        image_input = cls(
            data=data,
            name=name,
        )

        return image_input
