from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


from typing import cast


T = TypeVar("T", bound="MetadataServerResponse")


@_attrs_define
class MetadataServerResponse:
    """The answer to GET v2 (Open Inference Protocol, "Server Metadata": $metadata_server_response).

    Attributes:
        name (str): The server's name.
        version (str): The server's version.
        extensions (list[str]): The protocol extensions the server supports.
    """

    name: str
    version: str
    extensions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        extensions = self.extensions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "version": version,
                "extensions": extensions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        extensions = cast(list[str], d.pop("extensions"))

        metadata_server_response = cls(
            name=name,
            version=version,
            extensions=extensions,
        )

        metadata_server_response.additional_properties = d
        return metadata_server_response

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
