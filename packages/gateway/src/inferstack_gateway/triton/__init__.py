"""The Triton adapter: the typed view of Triton the rest of the gateway uses, the backend
protocol the app is wired with, and the one implementation that speaks gRPC to Triton."""

from inferstack_gateway.triton.backend import InferenceBackend
from inferstack_gateway.triton.types import (
    InferOptions,
    InputTensor,
    ModelConfig,
    ModelMetadata,
    OutputTensor,
    RepositoryEntry,
    TensorConfig,
)

__all__ = [
    "InferOptions",
    "InferenceBackend",
    "InputTensor",
    "ModelConfig",
    "ModelMetadata",
    "OutputTensor",
    "RepositoryEntry",
    "TensorConfig",
]
