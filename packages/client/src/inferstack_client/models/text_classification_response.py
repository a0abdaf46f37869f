from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field


from ..models.text_classification_response_mode import TextClassificationResponseMode

if TYPE_CHECKING:
    from ..models.text_classification import TextClassification
    from ..models.timings import Timings


T = TypeVar("T", bound="TextClassificationResponse")


@_attrs_define
class TextClassificationResponse:
    """Labels ranked per text, the model version that answered, and where the time went.

    Attributes:
        model (str):
        version (str):
        mode (TextClassificationResponseMode): What produced the probabilities: `single_label` (softmax across the
            labels) or `multi_label` (each label on its own).
        fit_threshold (float): The similarity below which a label is taken not to fit (`none_fits`).
        results (list[TextClassification]):
        timings (Timings): Per-stage wall time inside the gateway, in milliseconds.
        request_id (str):
    """

    model: str
    version: str
    mode: TextClassificationResponseMode
    fit_threshold: float
    results: list[TextClassification]
    timings: Timings
    request_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model

        version = self.version

        mode = self.mode.value

        fit_threshold = self.fit_threshold

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        timings = self.timings.to_dict()

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "version": version,
                "mode": mode,
                "fit_threshold": fit_threshold,
                "results": results,
                "timings": timings,
                "request_id": request_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.text_classification import TextClassification  # noqa: PLC0415
        from ..models.timings import Timings  # noqa: PLC0415

        d = dict(src_dict)
        model = d.pop("model")

        version = d.pop("version")

        mode = TextClassificationResponseMode(d.pop("mode"))

        fit_threshold = d.pop("fit_threshold")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = TextClassification.from_dict(results_item_data)

            results.append(results_item)

        timings = Timings.from_dict(d.pop("timings"))

        request_id = d.pop("request_id")

        text_classification_response = cls(
            model=model,
            version=version,
            mode=mode,
            fit_threshold=fit_threshold,
            results=results,
            timings=timings,
            request_id=request_id,
        )

        text_classification_response.additional_properties = d
        return text_classification_response

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
