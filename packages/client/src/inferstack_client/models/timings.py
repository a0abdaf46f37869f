from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field


T = TypeVar("T", bound="Timings")


@_attrs_define
class Timings:
    """Per-stage wall time inside the gateway, in milliseconds.

    Attributes:
        preprocess_ms (float):
        inference_ms (float): The Triton call, network included.
        postprocess_ms (float):
        total_ms (float): From request received to response built.
    """

    preprocess_ms: float
    inference_ms: float
    postprocess_ms: float
    total_ms: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        preprocess_ms = self.preprocess_ms

        inference_ms = self.inference_ms

        postprocess_ms = self.postprocess_ms

        total_ms = self.total_ms

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "preprocess_ms": preprocess_ms,
                "inference_ms": inference_ms,
                "postprocess_ms": postprocess_ms,
                "total_ms": total_ms,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        preprocess_ms = d.pop("preprocess_ms")

        inference_ms = d.pop("inference_ms")

        postprocess_ms = d.pop("postprocess_ms")

        total_ms = d.pop("total_ms")

        timings = cls(
            preprocess_ms=preprocess_ms,
            inference_ms=inference_ms,
            postprocess_ms=postprocess_ms,
            total_ms=total_ms,
        )

        timings.additional_properties = d
        return timings

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
