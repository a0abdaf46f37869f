"""Text embeddings, shaped like OpenAI's embeddings API (`POST /v1/embeddings`), so its clients
work unchanged: same request fields, same answer (`object`, `data[].embedding`, `usage`).

inferstack adds fields OpenAI clients ignore: `version`, per item `tokens` and `truncated`,
`timings` and `request_id`. Token arrays as `input` and `dimensions` are not supported (422).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from inferstack_schemas.timings import Timings


class EmbeddingRequest(BaseModel):
    """Embed one text or a batch of texts with one model version."""

    model_config = ConfigDict(extra="forbid")

    input: str | Annotated[list[str], Field(min_length=1)] = Field(
        description="The text to embed, or a list of texts (at least one). Each text must hold "
        "something besides whitespace; texts longer than the model's maximum sequence length "
        "(in tokens) are cut there and marked `truncated`.",
        examples=[["A man is playing a guitar.", "The weather is lovely today."]],
    )
    model: str = Field(default="minilm", min_length=1, max_length=128, examples=["minilm"])
    encoding_format: Literal["float", "base64"] = Field(
        default="float",
        description="`float`: each embedding as a list of numbers. `base64`: as OpenAI does, the "
        "base64 of the embedding's little-endian float32 bytes (4 bytes per dimension).",
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
