from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

from ..models.open_ai_error_type import OpenAIErrorType
from typing import cast


T = TypeVar("T", bound="OpenAIError")


@_attrs_define
class OpenAIError:
    """OpenAI's error object, as its SDKs read it.

    Attributes:
        message (str): The same text as the problem's `detail`.
        type_ (OpenAIErrorType): `invalid_request_error` for a 4xx, `server_error` for a 5xx.
        code (str): The problem type's slug with underscores.
        param (None | str | Unset): The request field at fault, when one is.
    """

    message: str
    type_: OpenAIErrorType
    code: str
    param: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        type_ = self.type_.value

        code = self.code

        param: None | str | Unset
        if isinstance(self.param, Unset):
            param = UNSET
        else:
            param = self.param

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
                "type": type_,
                "code": code,
            }
        )
        if param is not UNSET:
            field_dict["param"] = param

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        type_ = OpenAIErrorType(d.pop("type"))

        code = d.pop("code")

        def _parse_param(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        param = _parse_param(d.pop("param", UNSET))

        open_ai_error = cls(
            message=message,
            type_=type_,
            code=code,
            param=param,
        )

        return open_ai_error
