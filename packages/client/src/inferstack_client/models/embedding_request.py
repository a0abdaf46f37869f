from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

from ..models.embedding_request_encoding_format import EmbeddingRequestEncodingFormat
from typing import cast


T = TypeVar("T", bound="EmbeddingRequest")


@_attrs_define
class EmbeddingRequest:
    """Embed one text or a batch of texts with one model version.

    Attributes:
        input_ (list[str] | str): The text to embed, or a list of texts (at least one). Each text must hold something
            besides whitespace; texts longer than the model's maximum sequence length (in tokens) are cut there and marked
            `truncated`. Token-id arrays are refused (422).
        model (str | Unset):  Default: 'minilm'.
        encoding_format (EmbeddingRequestEncodingFormat | Unset): `float`: each embedding as a list of numbers.
            `base64`: as OpenAI does, the base64 of the embedding's little-endian float32 bytes (4 bytes per dimension).
            Default: EmbeddingRequestEncodingFormat.FLOAT.
        dimensions (int | None | Unset): OpenAI's: the number of dimensions of each embedding. A model gives only its
            own (minilm: 384; `GET /v1/models/{model}` shows its output shape); any other number is refused (422), as the
            model was not trained to be shortened.
        user (None | str | Unset): An end-user identifier, as OpenAI's API accepts; not used for inference, recorded in
            the gateway's log with the request id.
        version (None | str | Unset): Pin a model version (inferstack); default: the model's default version.
    """

    input_: list[str] | str
    model: str | Unset = "minilm"
    encoding_format: EmbeddingRequestEncodingFormat | Unset = (
        EmbeddingRequestEncodingFormat.FLOAT
    )
    dimensions: int | None | Unset = UNSET
    user: None | str | Unset = UNSET
    version: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        input_: list[str] | str
        if isinstance(self.input_, list):
            input_ = self.input_

        else:
            input_ = self.input_

        model = self.model

        encoding_format: str | Unset = UNSET
        if not isinstance(self.encoding_format, Unset):
            encoding_format = self.encoding_format.value

        dimensions: int | None | Unset
        if isinstance(self.dimensions, Unset):
            dimensions = UNSET
        else:
            dimensions = self.dimensions

        user: None | str | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        else:
            user = self.user

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "input": input_,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if encoding_format is not UNSET:
            field_dict["encoding_format"] = encoding_format
        if dimensions is not UNSET:
            field_dict["dimensions"] = dimensions
        if user is not UNSET:
            field_dict["user"] = user
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_input_(data: object) -> list[str] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                input_type_1 = cast(list[str], data)

                return input_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str, data)

        input_ = _parse_input_(d.pop("input"))

        model = d.pop("model", UNSET)

        _encoding_format = d.pop("encoding_format", UNSET)
        encoding_format: EmbeddingRequestEncodingFormat | Unset
        if isinstance(_encoding_format, Unset):
            encoding_format = UNSET
        else:
            encoding_format = EmbeddingRequestEncodingFormat(_encoding_format)

        def _parse_dimensions(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dimensions = _parse_dimensions(d.pop("dimensions", UNSET))

        def _parse_user(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user = _parse_user(d.pop("user", UNSET))

        def _parse_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        embedding_request = cls(
            input_=input_,
            model=model,
            encoding_format=encoding_format,
            dimensions=dimensions,
            user=user,
            version=version,
        )

        return embedding_request
