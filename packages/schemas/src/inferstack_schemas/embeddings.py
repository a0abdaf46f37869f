"""Text embeddings, shaped like OpenAI's embeddings API (`POST /v1/embeddings`), so its clients
work unchanged: same request fields, same answer (`object`, `data[].embedding`, `usage`).

inferstack adds fields OpenAI clients ignore: `version`, per item `tokens` and `truncated`,
`timings` and `request_id`.

Token-id arrays as `input` are refused (422 saying so): the gateway tokenizes with the model's
own tokenizer, and the ids OpenAI clients send are another tokenizer's (tiktoken's; LangChain's
`OpenAIEmbeddings` sends them unless `check_embedding_ctx_length=False`), which would embed the
wrong text silently. `dimensions` is OpenAI's: the length of the vectors; a model answers only
its own (minilm: 384), since it was not trained to be shortened.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from inferstack_schemas._json import PositiveWholeNumber
from inferstack_schemas.timings import Timings

#: Not blank: at least one character that is not whitespace (what the gateway checks too).
_NOT_BLANK = r"\S"
Text = Annotated[str, Field(min_length=1, pattern=_NOT_BLANK)]
REFUSED_ID_ARRAYS = (
    "token-id arrays are not accepted: the gateway tokenizes text itself, with the model's own "
    "tokenizer, and ids from another tokenizer (such as OpenAI's tiktoken) would embed the wrong "
    "text; send the texts as strings (LangChain: OpenAIEmbeddings(check_embedding_ctx_length="
    "False))"
)


def _is_token_ids(value: object) -> bool:
    """An int, a list holding ints, or a list holding lists: OpenAI's token-id forms."""
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, list) and any(
        (isinstance(item, int) and not isinstance(item, bool)) or isinstance(item, list)
        for item in value
    )


class EmbeddingRequest(BaseModel):
    """Embed one text or a batch of texts with one model version."""

    # Strict: a JSON value of another type is refused, never coerced ("3" for 3, 0 for false),
    # as the schema says.
    model_config = ConfigDict(extra="forbid", strict=True)

    input: Annotated[
        Annotated[Text, Tag("text")] | Annotated[list[Text], Field(min_length=1), Tag("texts")],
        Discriminator(lambda value: "text" if isinstance(value, str) else "texts"),
    ] = Field(
        description="The text to embed, or a list of texts (at least one). Each text must hold "
        "something besides whitespace; texts longer than the model's maximum sequence length "
        "(in tokens) are cut there and marked `truncated`. Token-id arrays are refused (422).",
        examples=[["A man is playing a guitar.", "The weather is lovely today."]],
    )
    model: str = Field(default="minilm", min_length=1, max_length=128, examples=["minilm"])
    encoding_format: Literal["float", "base64"] = Field(
        default="float",
        description="`float`: each embedding as a list of numbers. `base64`: as OpenAI does, the "
        "base64 of the embedding's little-endian float32 bytes (4 bytes per dimension).",
    )
    dimensions: PositiveWholeNumber | None = Field(
        default=None,
        description="OpenAI's: the number of dimensions of each embedding. A model gives only "
        "its own (minilm: 384; `GET /v1/models/{model}` shows its output shape); any other "
        "number is refused (422), as the model was not trained to be shortened.",
        examples=[384],
    )
    user: str | None = Field(
        default=None,
        max_length=256,
        description="An end-user identifier, as OpenAI's API accepts; not used for inference, "
        "recorded in the gateway's log with the request id.",
    )
    version: str | None = Field(
        default=None,
        pattern=r"^[0-9]+$",
        description="Pin a model version (inferstack); default: the model's default version.",
        examples=["1"],
    )

    @field_validator("input", mode="before")
    @classmethod
    def _no_token_ids(cls, value: object) -> object:
        if _is_token_ids(value):
            raise ValueError(REFUSED_ID_ARRAYS)
        return value


class EmbeddingItem(BaseModel):
    """The embedding of one text, in the order the texts were sent."""

    object: Literal["embedding"] = "embedding"
    index: int = Field(ge=0, description="Position of the text in the request.")
    embedding: list[float] | str = Field(
        description="Unit-length vector (cosine similarity = dot product); a base64 string of "
        "little-endian float32 when `encoding_format` is `base64`."
    )
    tokens: int = Field(
        ge=0, description="Tokens the model read for this text, special tokens included."
    )
    truncated: bool = Field(description="Whether the text was cut at the maximum length.")


class EmbeddingUsage(BaseModel):
    """Tokens read, summed over the texts (after truncation, special tokens included)."""

    prompt_tokens: int = Field(ge=0)
    total_tokens: int = Field(ge=0)


class EmbeddingResponse(BaseModel):
    """OpenAI's embeddings answer, plus the version that answered and where the time went."""

    object: Literal["list"] = "list"
    data: list[EmbeddingItem]
    model: str = Field(examples=["minilm"])
    version: str = Field(examples=["1"])
    usage: EmbeddingUsage
    timings: Timings
    request_id: str
