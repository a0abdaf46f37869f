"""The Open Inference Protocol (KServe v2) pass-through: requests checked against the catalog,
JSON tensors decoded, run on Triton, answers encoded."""

from inferstack_gateway.services.open_inference.service import OpenInferenceService

__all__ = ["OpenInferenceService"]
