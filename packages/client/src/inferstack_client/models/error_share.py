from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


T = TypeVar("T", bound="ErrorShare")


@_attrs_define
class ErrorShare:
    """Failed requests, split into client (4xx) and server (5xx) errors.

    Attributes:
        client_errors (int):
        server_errors (int):
        client_error_share (float): Of all requests in the window.
        server_error_share (float):
    """

    client_errors: int
    server_errors: int
    client_error_share: float
    server_error_share: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_errors = self.client_errors

        server_errors = self.server_errors

        client_error_share = self.client_error_share

        server_error_share = self.server_error_share

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_errors": client_errors,
                "server_errors": server_errors,
                "client_error_share": client_error_share,
                "server_error_share": server_error_share,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_errors = d.pop("client_errors")

        server_errors = d.pop("server_errors")

        client_error_share = d.pop("client_error_share")

        server_error_share = d.pop("server_error_share")

        error_share = cls(
            client_errors=client_errors,
            server_errors=server_errors,
            client_error_share=client_error_share,
            server_error_share=server_error_share,
        )

        error_share.additional_properties = d
        return error_share

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
