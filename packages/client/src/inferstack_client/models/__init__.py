"""Contains all the data models used in inputs/outputs"""

from .body_classify_uploads import BodyClassifyUploads
from .datatype import Datatype
from .embedding_item import EmbeddingItem
from .embedding_request import EmbeddingRequest
from .embedding_request_encoding_format import EmbeddingRequestEncodingFormat
from .embedding_response import EmbeddingResponse
from .embedding_summary import EmbeddingSummary
from .embedding_usage import EmbeddingUsage
from .error_share import ErrorShare
from .image_classification import ImageClassification
from .image_classification_request import ImageClassificationRequest
from .image_classification_response import ImageClassificationResponse
from .image_input import ImageInput
from .image_input_geometry import ImageInputGeometry
from .inference_request import InferenceRequest
from .inference_response import InferenceResponse
from .label_count import LabelCount
from .label_score import LabelScore
from .latency_percentiles import LatencyPercentiles
from .liveness import Liveness
from .metadata_model_response import MetadataModelResponse
from .metadata_server_response import MetadataServerResponse
from .metadata_tensor import MetadataTensor
from .model_info import ModelInfo
from .model_info_limits import ModelInfoLimits
from .model_info_parameters import ModelInfoParameters
from .model_list import ModelList
from .model_readiness import ModelReadiness
from .model_version import ModelVersion
from .open_ai_error import OpenAIError
from .open_ai_error_type import OpenAIErrorType
from .open_ai_problem import OpenAIProblem
from .open_inference_problem import OpenInferenceProblem
from .parameters import Parameters
from .prediction_count import PredictionCount
from .prediction_count_status_class import PredictionCountStatusClass
from .prediction_inputs import PredictionInputs
from .prediction_inputs_kind import PredictionInputsKind
from .prediction_item import PredictionItem
from .prediction_label import PredictionLabel
from .prediction_log_health import PredictionLogHealth
from .prediction_log_health_state import PredictionLogHealthState
from .prediction_outputs import PredictionOutputs
from .prediction_page import PredictionPage
from .prediction_problem import PredictionProblem
from .prediction_record import PredictionRecord
from .prediction_record_timings import PredictionRecordTimings
from .prediction_stats import PredictionStats
from .problem import Problem
from .problem_item import ProblemItem
from .problem_type import ProblemType
from .problem_type_list import ProblemTypeList
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
from .text_classification_response_mode import TextClassificationResponseMode
from .text_label_score import TextLabelScore
from .timeline_point import TimelinePoint
from .timings import Timings

__all__ = (
    "BodyClassifyUploads",
    "Datatype",
    "EmbeddingItem",
    "EmbeddingRequest",
    "EmbeddingRequestEncodingFormat",
    "EmbeddingResponse",
    "EmbeddingSummary",
    "EmbeddingUsage",
    "ErrorShare",
    "ImageClassification",
    "ImageClassificationRequest",
    "ImageClassificationResponse",
    "ImageInput",
    "ImageInputGeometry",
    "InferenceRequest",
    "InferenceResponse",
    "LabelCount",
    "LabelScore",
    "LatencyPercentiles",
    "Liveness",
    "MetadataModelResponse",
    "MetadataServerResponse",
    "MetadataTensor",
    "ModelInfo",
    "ModelInfoLimits",
    "ModelInfoParameters",
    "ModelList",
    "ModelReadiness",
    "ModelVersion",
    "OpenAIError",
    "OpenAIErrorType",
    "OpenAIProblem",
    "OpenInferenceProblem",
    "Parameters",
    "PredictionCount",
    "PredictionCountStatusClass",
    "PredictionInputs",
    "PredictionInputsKind",
    "PredictionItem",
    "PredictionLabel",
    "PredictionLogHealth",
    "PredictionLogHealthState",
    "PredictionOutputs",
    "PredictionPage",
    "PredictionProblem",
    "PredictionRecord",
    "PredictionRecordTimings",
    "PredictionStats",
    "Problem",
    "ProblemItem",
    "ProblemType",
    "ProblemTypeList",
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
    "TextClassificationResponseMode",
    "TextLabelScore",
    "TimelinePoint",
    "Timings",
)
