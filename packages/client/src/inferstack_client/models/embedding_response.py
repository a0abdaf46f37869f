from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from typing import Literal

if TYPE_CHECKING:
    from ..models.embedding_item import EmbeddingItem
    from ..models.embedding_usage import EmbeddingUsage
    from ..models.timings import Timings


T = TypeVar("T", bound="EmbeddingResponse")


@_attrs_define
class EmbeddingResponse:
    """OpenAI's embeddings answer, plus the version that answered and where the time went.

    Attributes:
        data (list[EmbeddingItem]):
        model (str):
        version (str):
        usage (EmbeddingUsage): Tokens read, summed over the texts (after truncation, special tokens included).
        timings (Timings): Per-stage wall time inside the gateway, in milliseconds.
        request_id (str):
        object_ (Literal['list'] | Unset):  Default: 'list'.
    """

    data: list[EmbeddingItem]
    model: str
    version: str
    usage: EmbeddingUsage
    timings: Timings
    request_id: str
    object_: Literal["list"] | Unset = "list"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        model = self.model

        version = self.version

        usage = self.usage.to_dict()

        timings = self.timings.to_dict()

        request_id = self.request_id

        object_ = self.object_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "model": model,
                "version": version,
                "usage": usage,
                "timings": timings,
                "request_id": request_id,
            }
        )
        if object_ is not UNSET:
            field_dict["object"] = object_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.embedding_item import EmbeddingItem  # noqa: PLC0415
        from ..models.embedding_usage import EmbeddingUsage  # noqa: PLC0415
        from ..models.timings import Timings  # noqa: PLC0415

        d = dict(src_dict)
        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = EmbeddingItem.from_dict(data_item_data)

            data.append(data_item)

        model = d.pop("model")

        version = d.pop("version")

        usage = EmbeddingUsage.from_dict(d.pop("usage"))

        timings = Timings.from_dict(d.pop("timings"))

        request_id = d.pop("request_id")

        object_ = cast(Literal["list"] | Unset, d.pop("object", UNSET))
        if object_ != "list" and not isinstance(object_, Unset):
            raise ValueError(f"object must match const 'list', got '{object_}'")

        embedding_response = cls(
            data=data,
            model=model,
            version=version,
            usage=usage,
            timings=timings,
            request_id=request_id,
            object_=object_,
        )

        embedding_response.additional_properties = d
        return embedding_response

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
