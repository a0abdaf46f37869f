from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.embedding_summary import EmbeddingSummary
    from ..models.prediction_item import PredictionItem


T = TypeVar("T", bound="PredictionOutputs")


@_attrs_define
class PredictionOutputs:
    """What the gateway answered, summarised.

    Attributes:
        items (list[PredictionItem] | Unset): Top labels per item, for classification.
        embeddings (EmbeddingSummary | None | Unset):
        total_bytes (int | None | Unset): Size of an Open Inference Protocol answer, in bytes.
    """

    items: list[PredictionItem] | Unset = UNSET
    embeddings: EmbeddingSummary | None | Unset = UNSET
    total_bytes: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.embedding_summary import EmbeddingSummary  # noqa: PLC0415

        items: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.items, Unset):
            items = []
            for items_item_data in self.items:
                items_item = items_item_data.to_dict()
                items.append(items_item)

        embeddings: dict[str, Any] | None | Unset
        if isinstance(self.embeddings, Unset):
            embeddings = UNSET
        elif isinstance(self.embeddings, EmbeddingSummary):
            embeddings = self.embeddings.to_dict()
        else:
            embeddings = self.embeddings

        total_bytes: int | None | Unset
        if isinstance(self.total_bytes, Unset):
            total_bytes = UNSET
        else:
            total_bytes = self.total_bytes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if items is not UNSET:
            field_dict["items"] = items
        if embeddings is not UNSET:
            field_dict["embeddings"] = embeddings
        if total_bytes is not UNSET:
            field_dict["total_bytes"] = total_bytes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.embedding_summary import EmbeddingSummary  # noqa: PLC0415
        from ..models.prediction_item import PredictionItem  # noqa: PLC0415

        d = dict(src_dict)
        _items = d.pop("items", UNSET)
        items: list[PredictionItem] | Unset = UNSET
        if _items is not UNSET:
            items = []
            for items_item_data in _items:
                items_item = PredictionItem.from_dict(items_item_data)

                items.append(items_item)

        def _parse_embeddings(data: object) -> EmbeddingSummary | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                embeddings_type_0 = EmbeddingSummary.from_dict(data)

                return embeddings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EmbeddingSummary | None | Unset, data)

        embeddings = _parse_embeddings(d.pop("embeddings", UNSET))

        def _parse_total_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_bytes = _parse_total_bytes(d.pop("total_bytes", UNSET))

        prediction_outputs = cls(
            items=items,
            embeddings=embeddings,
            total_bytes=total_bytes,
        )

        prediction_outputs.additional_properties = d
        return prediction_outputs

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
