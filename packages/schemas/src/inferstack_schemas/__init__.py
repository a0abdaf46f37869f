"""inferstack's public API contract: every request and response body, as Pydantic models."""

from inferstack_schemas.catalog import ModelInfo, ModelList, ModelVersion, Task, TensorSpec
from inferstack_schemas.embeddings import (
    EmbeddingItem,
    EmbeddingRequest,
    EmbeddingResponse,
    EmbeddingUsage,
)
from inferstack_schemas.errors import (
    ABOUT_BLANK,
    PROBLEM_MEDIA_TYPE,
    PROBLEM_TYPES_PATH,
    OpenAIError,
    OpenAIProblem,
    OpenInferenceProblem,
    Problem,
    ProblemItem,
    ProblemType,
    ProblemTypeList,
)
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
    "ABOUT_BLANK",
    "DEFAULT_HYPOTHESIS_TEMPLATE",
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPES_PATH",
    "ZERO_SHOT_TEMPERATURE",
    "EmbeddingItem",
    "EmbeddingRequest",
    "EmbeddingResponse",
    "EmbeddingUsage",
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
    "OpenAIError",
    "OpenAIProblem",
    "OpenInferenceProblem",
    "Problem",
    "ProblemItem",
    "ProblemType",
    "ProblemTypeList",
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
