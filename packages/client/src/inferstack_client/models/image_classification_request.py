from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, TYPE_CHECKING

from attrs import define as _attrs_define

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
    from ..models.image_input import ImageInput


T = TypeVar("T", bound="ImageClassificationRequest")


@_attrs_define
class ImageClassificationRequest:
    """Classify a batch of images with one model version; all go to Triton as one batch.

    Attributes:
        images (list[ImageInput]): The images to classify.
        model (str | Unset):  Default: 'digits'.
        version (None | str | Unset): Pin a model version; default: the model's default version.
        top_k (int | Unset): How many labels to return per image. Default: 3.
        return_model_input (bool | Unset): Also return, per image, the model-ready input the gateway made of it (a small
            grayscale PNG, `model_input`): what the model saw. Default: False.
    """

    images: list[ImageInput]
    model: str | Unset = "digits"
    version: None | str | Unset = UNSET
    top_k: int | Unset = 3
    return_model_input: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        images = []
        for images_item_data in self.images:
            images_item = images_item_data.to_dict()
            images.append(images_item)

        model = self.model

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        top_k = self.top_k

        return_model_input = self.return_model_input

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "images": images,
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

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_input import ImageInput  # noqa: PLC0415

        d = dict(src_dict)
        images = []
        _images = d.pop("images")
        for images_item_data in _images:
            images_item = ImageInput.from_dict(images_item_data)

            images.append(images_item)

        model = d.pop("model", UNSET)

        def _parse_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        top_k = d.pop("top_k", UNSET)

        return_model_input = d.pop("return_model_input", UNSET)

        image_classification_request = cls(
            images=images,
            model=model,
            version=version,
            top_k=top_k,
            return_model_input=return_model_input,
        )

        return image_classification_request
