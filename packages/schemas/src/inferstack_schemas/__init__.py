"""inferstack's public API contract: every request and response body, as Pydantic models."""

from inferstack_schemas.catalog import ModelInfo, ModelList, ModelVersion, TensorSpec
from inferstack_schemas.errors import PROBLEM_MEDIA_TYPE, Problem, ProblemItem
from inferstack_schemas.health import Liveness, ModelReadiness, Readiness
from inferstack_schemas.image_classification import (
    ImageClassification,
    ImageClassificationRequest,
    ImageClassificationResponse,
    ImageInput,
    LabelScore,
    decode_image_data,
)
from inferstack_schemas.timings import Timings

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "ImageClassification",
    "ImageClassificationRequest",
    "ImageClassificationResponse",
    "ImageInput",
    "LabelScore",
    "Liveness",
    "ModelInfo",
    "ModelList",
    "ModelReadiness",
    "ModelVersion",
    "Problem",
    "ProblemItem",
    "Readiness",
    "TensorSpec",
    "Timings",
    "decode_image_data",
]
