"""What the calls give back: the gateway's answers with their round trip; one result per image."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Literal

from inferstack_client.models import (
    EmbeddingResponse,
    ImageClassificationResponse,
    LabelScore,
    TextClassificationResponse,
)
from inferstack_sdk.problems import GatewayError


@dataclass(frozen=True)
class Upload:
    """An image as the user gave it: a name (sent as the image's `name`) and its bytes as is."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Classified:
    """One image-classification answer, and the round trip's wall time in milliseconds."""

    response: ImageClassificationResponse
    round_trip_ms: float

    def model_input(self, index: int) -> bytes | None:
        """The PNG of what the model read for image `index` (asked for with
        `return_model_input`), or None when the answer has none for it."""
        for result in self.response.results:
            if result.index == index:
                encoded = result.model_input
                if not isinstance(encoded, str) or not encoded:
                    return None
                try:
                    return base64.b64decode(encoded, validate=True)
                except (binascii.Error, ValueError):
                    return None
        return None


@dataclass(frozen=True)
class TextsClassified:
    """One zero-shot text-classification answer, and the round trip's wall time in milliseconds."""

    response: TextClassificationResponse
    round_trip_ms: float


@dataclass(frozen=True)
class Embedded:
    """One embeddings answer, its vectors as floats, and the round trip's wall time in ms."""

    response: EmbeddingResponse
    #: One vector per text, in the order the texts were sent (the gateway's `data[i].embedding`).
    vectors: tuple[tuple[float, ...], ...]
    round_trip_ms: float


@dataclass(frozen=True)
class ImageResult:
    """One image's outcome in a batch: the gateway's top-k and the answer it came in, or why not.

    An ok result has `predictions` (best first) and `answer`; a failed one has `error`, already
    narrowed to this image (its own fault when the gateway named it). `sent` is False for an
    image that never went out because the gateway was found unreachable or refusing first.
    """

    upload: Upload
    predictions: tuple[LabelScore, ...] = ()
    answer: Classified | None = None
    error: GatewayError | None = None
    sent: bool = True
    #: The PNG of what the model read for this image, when the batch asked for it.
    model_input: bytes | None = None

    @property
    def status(self) -> Literal["ok", "error"]:
        return "ok" if self.error is None and self.predictions else "error"

    @property
    def best(self) -> LabelScore | None:
        """The most probable label, or None for a failed image."""
        return self.predictions[0] if self.predictions else None

    @property
    def model(self) -> str | None:
        """The model that answered (None for a failed image)."""
        return self.answer.response.model if self.answer else None

    @property
    def version(self) -> str | None:
        """The model version that answered (None for a failed image)."""
        return self.answer.response.version if self.answer else None

    @property
    def reason(self) -> str | None:
        """Why it failed, for a person (`GatewayError.message`); None when ok."""
        return self._why(self.error.message) if self.error is not None else None

    @property
    def reason_line(self) -> str | None:
        """Why it failed, as one compact line (`GatewayError.line()`); None when ok."""
        return self._why(self.error.line()) if self.error is not None else None

    def _why(self, text: str) -> str:
        return text if self.sent else f"not sent: {text}"
