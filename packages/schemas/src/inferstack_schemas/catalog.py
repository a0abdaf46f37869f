"""The model catalog: what Triton serves, as the gateway describes it."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Task(StrEnum):
    """What a model does for callers: the family of gateway routes that serve it."""

    IMAGE_CLASSIFICATION = "image-classification"
    EMBEDDINGS = "embeddings"


class TensorSpec(BaseModel):
    """One input or output tensor of a model (the batch dimension is -1)."""

    name: str = Field(examples=["pixels"])
    datatype: str = Field(description="Triton datatype.", examples=["FP32"])
    shape: list[int] = Field(examples=[[-1, 8, 8]])


class ImageInputGeometry(BaseModel):
    """What an image model version reads: a grid of `height` x `width` values, made from a
    picture by the named normalisation."""

    height: int = Field(ge=1, examples=[28])
    width: int = Field(ge=1, examples=[28])
    normalisation: str = Field(
        description="How the gateway turns a picture into the grid: `optdigits` (8x8 cells, "
        "0..16, as scikit-learn's digits) or `mnist` (the ink fitted into 20/28 of the side, "
        "centred by its centre of mass, 0..1).",
        examples=["mnist"],
    )


class ModelVersion(BaseModel):
    """One version of a model and its state in Triton."""

    version: str = Field(examples=["2"])
    state: str = Field(description="Triton's state for this version.", examples=["READY"])
    ready: bool
    reason: str | None = Field(default=None, description="Why it is not ready, when it is not.")
    image_input: ImageInputGeometry | None = Field(
        default=None,
        description="Image models: the input this version reads, as its configuration declares "
        "it; null for other models.",
    )


class ModelInfo(BaseModel):
    """A model the gateway can route to."""

    name: str = Field(examples=["digits"])
    task: Task | None = Field(
        description="The gateway task the model serves; null when no processor knows it.",
        examples=[Task.IMAGE_CLASSIFICATION],
    )
    versions: list[ModelVersion]
    default_version: str | None = Field(
        description="The version used when a request names none: the configured default, else "
        "the latest ready version.",
        examples=["2"],
    )
    max_batch_size: int = Field(description="Largest batch Triton accepts.", examples=[64])
    inputs: list[TensorSpec]
    outputs: list[TensorSpec]
    labels: list[str] = Field(
        default_factory=list, description="Class labels, for classifiers.", examples=[["0", "1"]]
    )
    parameters: dict[str, str] = Field(
        default_factory=dict,
        description="Facts the model's configuration declares (model card figures and the like).",
    )
    limits: dict[str, int] = Field(
        default_factory=dict,
        description="What one request to this model may hold (the gateway's limits for its task).",
        examples=[{"max_texts_per_request": 256, "max_text_chars": 20000}],
    )


class ModelList(BaseModel):
    """Every model Triton serves."""

    models: list[ModelInfo]
