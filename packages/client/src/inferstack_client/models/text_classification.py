from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field


if TYPE_CHECKING:
    from ..models.text_label_score import TextLabelScore


T = TypeVar("T", bound="TextClassification")


@_attrs_define
class TextClassification:
    """The answer for one text, in the order the texts were sent.

    Attributes:
        index (int): Position of the text in the request.
        predictions (list[TextLabelScore]): Every label, most probable first.
        none_fits (bool): No label's similarity reaches the answer's `fit_threshold`: none of the candidates describes
            this text (in `single_label` mode the top probability can still be high: read this first).
        tokens (int): Tokens the model read, special tokens included.
        truncated (bool): Whether the text was cut at the maximum length.
    """

    index: int
    predictions: list[TextLabelScore]
    none_fits: bool
    tokens: int
    truncated: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        predictions = []
        for predictions_item_data in self.predictions:
            predictions_item = predictions_item_data.to_dict()
            predictions.append(predictions_item)

        none_fits = self.none_fits

        tokens = self.tokens

        truncated = self.truncated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "predictions": predictions,
                "none_fits": none_fits,
                "tokens": tokens,
                "truncated": truncated,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text_label_score import TextLabelScore  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        predictions = []
        _predictions = d.pop("predictions")
        for predictions_item_data in _predictions:
            predictions_item = TextLabelScore.from_dict(predictions_item_data)

            predictions.append(predictions_item)

        none_fits = d.pop("none_fits")

        tokens = d.pop("tokens")

        truncated = d.pop("truncated")

        text_classification = cls(
            index=index,
            predictions=predictions,
            none_fits=none_fits,
            tokens=tokens,
            truncated=truncated,
        )

        text_classification.additional_properties = d
        return text_classification

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
