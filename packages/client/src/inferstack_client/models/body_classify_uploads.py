from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field
from .. import types

from ..types import UNSET, Unset

from ..types import File
from io import BytesIO


T = TypeVar("T", bound="BodyClassifyUploads")


@_attrs_define
class BodyClassifyUploads:
    """
    Attributes:
        files (list[File]): One or more image files.
        model (str | Unset):  Default: 'digits'.
        version (str | Unset):
        top_k (int | Unset):  Default: 3.
        return_model_input (bool | Unset): Also return each image's model input as a PNG (`model_input`). Default:
            False.
    """

    files: list[File]
    model: str | Unset = "digits"
    version: str | Unset = UNSET
    top_k: int | Unset = 3
    return_model_input: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        files = []
        for files_item_data in self.files:
            files_item = files_item_data.to_tuple()

            files.append(files_item)

        model = self.model

        version = self.version

        top_k = self.top_k

        return_model_input = self.return_model_input

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "files": files,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if version is not UNSET:
            field_dict["version"] = version
        if top_k is not UNSET:
            field_dict["top_k"] = top_k
        if return_model_input is not UNSET:
            field_dict["return_model_input"] = return_model_input

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        for files_item_element in self.files:
            files.append(("files", files_item_element.to_tuple()))

        if not isinstance(self.model, Unset):
            files.append(("model", (None, str(self.model).encode(), "text/plain")))

        if not isinstance(self.version, Unset):
            files.append(("version", (None, str(self.version).encode(), "text/plain")))

        if not isinstance(self.top_k, Unset):
            files.append(("top_k", (None, str(self.top_k).encode(), "text/plain")))

        if not isinstance(self.return_model_input, Unset):
            files.append(
                (
                    "return_model_input",
                    (None, str(self.return_model_input).encode(), "text/plain"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        files = []
        _files = d.pop("files")
        for files_item_data in _files:
            files_item = File(payload=BytesIO(files_item_data))

            files.append(files_item)

        model = d.pop("model", UNSET)

        version = d.pop("version", UNSET)

        top_k = d.pop("top_k", UNSET)

        return_model_input = d.pop("return_model_input", UNSET)

        body_classify_uploads = cls(
            files=files,
            model=model,
            version=version,
            top_k=top_k,
            return_model_input=return_model_input,
        )

        body_classify_uploads.additional_properties = d
        return body_classify_uploads

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
