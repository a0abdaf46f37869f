"""Image classification: images in, top-k labels out."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from inferstack_schemas._json import WholeNumber
from inferstack_schemas.timings import Timings

_DATA_URL_PREFIX = "data:"


def _check_base64(value: str) -> str:
    payload = value.split(",", 1)[1] if value.startswith(_DATA_URL_PREFIX) else value
    try:
        base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"invalid base64: {exc}") from None
    return value


def decode_image_data(value: str) -> bytes:
    """The bytes of a validated `ImageInput.data` (plain base64 or a base64 data URL)."""
    payload = value.split(",", 1)[1] if value.startswith(_DATA_URL_PREFIX) else value
    return base64.b64decode(payload, validate=True)


#: Base64 (standard alphabet, padded), optionally after a data URL's `data:...,` prefix: what
#: `_check_base64` accepts, stated in the schema too.
BASE64_PATTERN = r"^(?:data:[^,]*,)?(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
Base64Image = Annotated[str, Field(pattern=BASE64_PATTERN), AfterValidator(_check_base64)]
#: A 12x12 PNG of a handwritten 7 (a held-out scan of the digits data set), for examples.
EXAMPLE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAwAAAAMCAAAAABzHgM7AAAAWklEQVR4nHXOSw2AMAAE0SkKcIAEcFCk4ACcYAEHSKiEWq"
    "iD4mC48ElI2NsmL5sN8qbhW8oQFgBUY1zJKmrtsiS1AdpyTJSb2cN8Md376sVgG9tnrZJUDb8PTlWwOAUin/WqAAAAAElF"
    "TkSuQmCC"
)


class ImageInput(BaseModel):
    """One image, base64-encoded (a `data:image/...;base64,` URL is accepted too)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    data: Base64Image = Field(
        description="The encoded image file (PNG, JPEG, GIF, BMP or WebP), base64.",
        examples=[EXAMPLE_PNG],
    )
    name: str | None = Field(
        default=None,
        max_length=256,
        description="A name of the caller's choosing (a file name, say), echoed in the result.",
        examples=["seven.png"],
    )


class ImageClassificationRequest(BaseModel):
    """Classify a batch of images with one model version; all go to Triton as one batch."""

    # Strict: a JSON value of another type is refused, never coerced ("3" for 3, 0 for false),
    # as the schema says.
    model_config = ConfigDict(extra="forbid", strict=True)

    images: list[ImageInput] = Field(min_length=1, description="The images to classify.")
    model: str = Field(default="digits", min_length=1, max_length=128, examples=["digits"])
    version: str | None = Field(
        default=None,
        pattern=r"^[0-9]+$",
        description="Pin a model version; default: the model's default version.",
        examples=["2"],
    )
    top_k: WholeNumber = Field(
        default=3, ge=1, le=100, description="How many labels to return per image.", examples=[3]
    )
    return_model_input: bool = Field(
        default=False,
        description="Also return, per image, the model-ready input the gateway made of it (a "
        "small grayscale PNG, `model_input`): what the model saw.",
    )


class LabelScore(BaseModel):
    """One label and its probability."""

    label: str = Field(examples=["7"])
    probability: float = Field(ge=0.0, le=1.0, examples=[0.97])


class ImageClassification(BaseModel):
    """The answer for one image, in the order the images were sent."""

    index: int = Field(ge=0, description="Position of the image in the request.")
    name: str | None = Field(default=None, description="The name sent with the image.")
    predictions: list[LabelScore] = Field(description="The top-k labels, most probable first.")
    model_input: str | None = Field(
        default=None,
        description="With `return_model_input`: the input the model read for this image, as a "
        "base64 grayscale PNG of the version's input size (e.g. 8x8 or 28x28), black 0 to white "
        "at the strongest ink value. Null otherwise.",
    )


class ImageClassificationResponse(BaseModel):
    """Top-k labels per image, the model version that answered, and where the time went."""

    model: str = Field(examples=["digits"])
    version: str = Field(examples=["2"])
    results: list[ImageClassification]
    timings: Timings
    request_id: str
