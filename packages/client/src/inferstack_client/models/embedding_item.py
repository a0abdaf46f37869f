from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal


T = TypeVar("T", bound="EmbeddingItem")


@_attrs_define
class EmbeddingItem:
    """The embedding of one text, in the order the texts were sent.

    Attributes:
        index (int): Position of the text in the request.
        embedding (list[float] | str): Unit-length vector (cosine similarity = dot product); a base64 string of little-
            endian float32 when `encoding_format` is `base64`.
        tokens (int): Tokens the model read for this text, special tokens included.
        truncated (bool): Whether the text was cut at the maximum length.
        object_ (Literal['embedding'] | Unset):  Default: 'embedding'.
    """

    index: int
    embedding: list[float] | str
    tokens: int
    truncated: bool
    object_: Literal["embedding"] | Unset = "embedding"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        embedding: list[float] | str
        if isinstance(self.embedding, list):
            embedding = self.embedding

        else:
            embedding = self.embedding

        tokens = self.tokens

        truncated = self.truncated

        object_ = self.object_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "embedding": embedding,
                "tokens": tokens,
                "truncated": truncated,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        index = d.pop("index")

        def _parse_embedding(data: object) -> list[float] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                embedding_type_0 = cast(list[float], data)

                return embedding_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | str, data)

        embedding = _parse_embedding(d.pop("embedding"))

        tokens = d.pop("tokens")

        truncated = d.pop("truncated")

        object_ = cast(Literal["embedding"] | Unset, d.pop("object", UNSET))
        if object_ != "embedding" and not isinstance(object_, Unset):
            raise ValueError(f"object must match const 'embedding', got '{object_}'")

        embedding_item = cls(
            index=index,
            embedding=embedding,
            tokens=tokens,
            truncated=truncated,
            object_=object_,
        )

        embedding_item.additional_properties = d
        return embedding_item

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
