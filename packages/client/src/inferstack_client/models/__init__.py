"""Contains all the data models used in inputs/outputs"""

from .body_classify_uploads import BodyClassifyUploads
from .datatype import Datatype
from .embedding_item import EmbeddingItem
from .embedding_request import EmbeddingRequest
from .embedding_request_encoding_format import EmbeddingRequestEncodingFormat
from .embedding_response import EmbeddingResponse
from .embedding_usage import EmbeddingUsage
from .image_classification import ImageClassification
from .image_classification_request import ImageClassificationRequest
from .image_classification_response import ImageClassificationResponse
from .image_input import ImageInput
from .image_input_geometry import ImageInputGeometry
from .inference_request import InferenceRequest
from .inference_response import InferenceResponse
from .label_score import LabelScore
from .liveness import Liveness
from .metadata_model_response import MetadataModelResponse
from .metadata_tensor import MetadataTensor
from .model_info import ModelInfo
from .model_info_limits import ModelInfoLimits
from .model_info_parameters import ModelInfoParameters
from .model_list import ModelList
from .model_readiness import ModelReadiness
from .model_version import ModelVersion
from .parameters import Parameters
from .problem import Problem
from .problem_item import ProblemItem
from .readiness import Readiness
from .readiness_status import ReadinessStatus
from .readiness_triton import ReadinessTriton
from .request_input import RequestInput
from .request_output import RequestOutput
from .response_output import ResponseOutput
from .task import Task
from .tensor_spec import TensorSpec
from .text_classification import TextClassification
from .text_classification_request import TextClassificationRequest
from .text_classification_response import TextClassificationResponse
from .text_label_score import TextLabelScore
from .timings import Timings

__all__ = (
    "BodyClassifyUploads",
    "Datatype",
    "EmbeddingItem",
    "EmbeddingRequest",
    "EmbeddingRequestEncodingFormat",
    "EmbeddingResponse",
    "EmbeddingUsage",
    "ImageClassification",
    "ImageClassificationRequest",
    "ImageClassificationResponse",
    "ImageInput",
    "ImageInputGeometry",
    "InferenceRequest",
    "InferenceResponse",
    "LabelScore",
    "Liveness",
    "MetadataModelResponse",
    "MetadataTensor",
    "ModelInfo",
    "ModelInfoLimits",
    "ModelInfoParameters",
    "ModelList",
    "ModelReadiness",
    "ModelVersion",
    "Parameters",
    "Problem",
    "ProblemItem",
    "Readiness",
    "ReadinessStatus",
    "ReadinessTriton",
    "RequestInput",
    "RequestOutput",
    "ResponseOutput",
    "Task",
    "TensorSpec",
    "TextClassification",
    "TextClassificationRequest",
    "TextClassificationResponse",
    "TextLabelScore",
    "Timings",
)
