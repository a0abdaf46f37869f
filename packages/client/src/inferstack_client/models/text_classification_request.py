from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

from typing import cast


T = TypeVar("T", bound="TextClassificationRequest")


@_attrs_define
class TextClassificationRequest:
    """Score every label for every text with one model version, in one batch.

    Attributes:
        texts (list[str]): The texts to classify; each must hold something besides whitespace.
        labels (list[str]): The candidate labels (distinct, not blank).
        multi_label (bool | Unset): Score each label on its own (a sigmoid of its similarity, 0.5 at 0.1), so several
            labels, or none, may fit; default: a softmax across the labels, which sum to 1. Default: False.
        hypothesis_template (str | Unset): The sentence each label is put in before embedding; it must contain `{}`, the
            first of which is replaced by the label. Other braces are taken literally. Default: 'This text is about {}.'.
        model (str | Unset):  Default: 'minilm'.
        version (None | str | Unset): Pin a model version; default: the model's default version.
    """

    texts: list[str]
    labels: list[str]
    multi_label: bool | Unset = False
    hypothesis_template: str | Unset = "This text is about {}."
    model: str | Unset = "minilm"
    version: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        texts = self.texts

        labels = self.labels

        multi_label = self.multi_label

        hypothesis_template = self.hypothesis_template

        model = self.model

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "texts": texts,
                "labels": labels,
            }
        )
        if multi_label is not UNSET:
            field_dict["multi_label"] = multi_label
        if hypothesis_template is not UNSET:
            field_dict["hypothesis_template"] = hypothesis_template
        if model is not UNSET:
            field_dict["model"] = model
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        texts = cast(list[str], d.pop("texts"))

        labels = cast(list[str], d.pop("labels"))

        multi_label = d.pop("multi_label", UNSET)

        hypothesis_template = d.pop("hypothesis_template", UNSET)

        model = d.pop("model", UNSET)

        def _parse_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        text_classification_request = cls(
            texts=texts,
            labels=labels,
            multi_label=multi_label,
            hypothesis_template=hypothesis_template,
            model=model,
            version=version,
        )

        return text_classification_request
