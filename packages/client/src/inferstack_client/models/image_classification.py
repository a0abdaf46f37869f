from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.label_score import LabelScore


T = TypeVar("T", bound="ImageClassification")


@_attrs_define
class ImageClassification:
    """The answer for one image, in the order the images were sent.

    Attributes:
        index (int): Position of the image in the request.
        predictions (list[LabelScore]): The top-k labels, most probable first.
        name (None | str | Unset): The name sent with the image.
        model_input (None | str | Unset): With `return_model_input`: the input the model read for this image, as a
            base64 grayscale PNG of the version's input size (e.g. 8x8 or 28x28), black 0 to white at the strongest ink
            value. Null otherwise.
    """

    index: int
    predictions: list[LabelScore]
    name: None | str | Unset = UNSET
    model_input: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        predictions = []
        for predictions_item_data in self.predictions:
            predictions_item = predictions_item_data.to_dict()
            predictions.append(predictions_item)

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        model_input: None | str | Unset
        if isinstance(self.model_input, Unset):
            model_input = UNSET
        else:
            model_input = self.model_input

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "predictions": predictions,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if model_input is not UNSET:
            field_dict["model_input"] = model_input

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.label_score import LabelScore  # noqa: PLC0415

        d = dict(src_dict)
        index = d.pop("index")

        predictions = []
        _predictions = d.pop("predictions")
        for predictions_item_data in _predictions:
            predictions_item = LabelScore.from_dict(predictions_item_data)

            predictions.append(predictions_item)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_model_input(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model_input = _parse_model_input(d.pop("model_input", UNSET))

        image_classification = cls(
            index=index,
            predictions=predictions,
            name=name,
            model_input=model_input,
        )

        image_classification.additional_properties = d
        return image_classification

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
