from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.image_input_geometry import ImageInputGeometry


T = TypeVar("T", bound="ModelVersion")


@_attrs_define
class ModelVersion:
    """One version of a model and its state in Triton.

    Attributes:
        version (str):
        state (str): Triton's state for this version.
        ready (bool):
        reason (None | str | Unset): Why it is not ready, when it is not.
        image_input (ImageInputGeometry | None | Unset): Image models: the input this version reads, as its
            configuration declares it; null for other models.
    """

    version: str
    state: str
    ready: bool
    reason: None | str | Unset = UNSET
    image_input: ImageInputGeometry | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_input_geometry import ImageInputGeometry  # noqa: PLC0415

        version = self.version

        state = self.state

        ready = self.ready

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        image_input: dict[str, Any] | None | Unset
        if isinstance(self.image_input, Unset):
            image_input = UNSET
        elif isinstance(self.image_input, ImageInputGeometry):
            image_input = self.image_input.to_dict()
        else:
            image_input = self.image_input

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "state": state,
                "ready": ready,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if image_input is not UNSET:
            field_dict["image_input"] = image_input

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_input_geometry import ImageInputGeometry  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        state = d.pop("state")

        ready = d.pop("ready")

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_image_input(data: object) -> ImageInputGeometry | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                image_input_type_0 = ImageInputGeometry.from_dict(data)

                return image_input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageInputGeometry | None | Unset, data)

        image_input = _parse_image_input(d.pop("image_input", UNSET))

        model_version = cls(
            version=version,
            state=state,
            ready=ready,
            reason=reason,
            image_input=image_input,
        )

        model_version.additional_properties = d
        return model_version

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
