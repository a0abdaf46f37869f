from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.prediction_inputs_kind import PredictionInputsKind
from typing import cast


T = TypeVar("T", bound="PredictionInputs")


@_attrs_define
class PredictionInputs:
    """What the request held, summarised: never the inputs themselves (see `raw_inputs`).

    Attributes:
        kind (PredictionInputsKind):
        count (int): Images, texts, or input tensors.
        total_bytes (int): Their total size in bytes (UTF-8 for texts).
        sizes (list[int] | Unset): Bytes of each item, in order.
        sha256 (list[str] | Unset): SHA-256 (hex) of each image file, in order.
        tokens (list[int] | Unset): Tokens the model read per text (from the answer; empty on a failure before
            tokenizing).
        labels (int | None | Unset): Candidate labels of a text classification request.
        tensors (list[str] | Unset): Open Inference Protocol inputs as `name:datatype[shape]`.
    """

    kind: PredictionInputsKind
    count: int
    total_bytes: int
    sizes: list[int] | Unset = UNSET
    sha256: list[str] | Unset = UNSET
    tokens: list[int] | Unset = UNSET
    labels: int | None | Unset = UNSET
    tensors: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        count = self.count

        total_bytes = self.total_bytes

        sizes: list[int] | Unset = UNSET
        if not isinstance(self.sizes, Unset):
            sizes = self.sizes

        sha256: list[str] | Unset = UNSET
        if not isinstance(self.sha256, Unset):
            sha256 = self.sha256

        tokens: list[int] | Unset = UNSET
        if not isinstance(self.tokens, Unset):
            tokens = self.tokens

        labels: int | None | Unset
        if isinstance(self.labels, Unset):
            labels = UNSET
        else:
            labels = self.labels

        tensors: list[str] | Unset = UNSET
        if not isinstance(self.tensors, Unset):
            tensors = self.tensors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "count": count,
                "total_bytes": total_bytes,
            }
        )
        if sizes is not UNSET:
            field_dict["sizes"] = sizes
        if sha256 is not UNSET:
            field_dict["sha256"] = sha256
        if tokens is not UNSET:
            field_dict["tokens"] = tokens
        if labels is not UNSET:
            field_dict["labels"] = labels
        if tensors is not UNSET:
            field_dict["tensors"] = tensors

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = PredictionInputsKind(d.pop("kind"))

        count = d.pop("count")

        total_bytes = d.pop("total_bytes")

        sizes = cast(list[int], d.pop("sizes", UNSET))

        sha256 = cast(list[str], d.pop("sha256", UNSET))

        tokens = cast(list[int], d.pop("tokens", UNSET))

        def _parse_labels(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        labels = _parse_labels(d.pop("labels", UNSET))

        tensors = cast(list[str], d.pop("tensors", UNSET))

        prediction_inputs = cls(
            kind=kind,
            count=count,
            total_bytes=total_bytes,
            sizes=sizes,
            sha256=sha256,
            tokens=tokens,
            labels=labels,
            tensors=tensors,
        )

        prediction_inputs.additional_properties = d
        return prediction_inputs

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
