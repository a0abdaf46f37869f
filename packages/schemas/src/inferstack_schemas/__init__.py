"""inferstack's public API contract: every request and response body, as Pydantic models."""

from inferstack_schemas.catalog import (
    ImageInputGeometry,
    ModelInfo,
    ModelList,
    ModelVersion,
    Task,
    TensorSpec,
)
from inferstack_schemas.embeddings import (
    EmbeddingItem,
    EmbeddingRequest,
    EmbeddingResponse,
    EmbeddingUsage,
)
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
from inferstack_schemas.text_classification import (
    DEFAULT_HYPOTHESIS_TEMPLATE,
    ZERO_SHOT_TEMPERATURE,
    TextClassification,
    TextClassificationRequest,
    TextClassificationResponse,
    TextLabelScore,
    check_hypothesis_template,
    hypothesis,
)
from inferstack_schemas.timings import Timings

__all__ = [
    "DEFAULT_HYPOTHESIS_TEMPLATE",
    "PROBLEM_MEDIA_TYPE",
    "ZERO_SHOT_TEMPERATURE",
    "EmbeddingItem",
    "EmbeddingRequest",
    "EmbeddingResponse",
    "EmbeddingUsage",
    "ImageClassification",
    "ImageClassificationRequest",
    "ImageClassificationResponse",
    "ImageInput",
    "ImageInputGeometry",
    "LabelScore",
    "Liveness",
    "ModelInfo",
    "ModelList",
    "ModelReadiness",
    "ModelVersion",
    "Problem",
    "ProblemItem",
    "Readiness",
    "Task",
    "TensorSpec",
    "TextClassification",
    "TextClassificationRequest",
    "TextClassificationResponse",
    "TextLabelScore",
    "Timings",
    "check_hypothesis_template",
    "decode_image_data",
    "hypothesis",
]
