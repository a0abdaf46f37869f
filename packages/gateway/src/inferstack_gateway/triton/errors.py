"""Triton's gRPC failures as the gateway's domain errors: 404, 422, 503 or 504, never a 500.

Input is a gRPC status name (``UNAVAILABLE``, ``INVALID_ARGUMENT``, ...; tritonclient prefixes
them ``StatusCode.``) and Triton's message; the transport module extracts both.
"""

from __future__ import annotations

from inferstack_gateway.errors import (
    DeadlineExceeded,
    GatewayError,
    InvalidInput,
    ModelNotFound,
    Overloaded,
    TritonUnavailable,
    VersionNotFound,
)


def map_triton_error(status: str, message: str, model: str, version: str) -> GatewayError:
    """The domain error for a failed call about `model` (and `version`; both may be empty)."""
    lowered = message.lower()
    if "DEADLINE_EXCEEDED" in status or "deadline exceeded" in lowered:
        return DeadlineExceeded(f"Triton did not answer within the deadline ({message})")
    if "timeout expired" in lowered:  # Triton's queue policy dropped it: its deadline passed
        return DeadlineExceeded("the request's deadline passed while it waited in Triton's queue")
    if "RESOURCE_EXHAUSTED" in status or "exceeds maximum queue size" in lowered:
        return Overloaded(f"Triton's queue for this model is full; retry shortly ({message})")
    if "UNAVAILABLE" in status or "failed to connect" in lowered or "connect" in status.lower():
        return TritonUnavailable(f"Triton is unreachable: {message}")
    if model and (
        "unknown model" in lowered or "is not found" in lowered or "not ready" in lowered
    ):
        if version and ("version" in lowered or "is not ready" in lowered):
            return VersionNotFound(f"model {model!r} has no ready version {version!r}")
        return ModelNotFound(f"model {model!r} is not served")
    if "INVALID_ARG" in status or "INVALID" in status or "unexpected" in lowered:
        return InvalidInput(f"Triton rejected the request: {message}")
    if "CANCELLED" in status or "UNKNOWN" in status or "INTERNAL" in status:
        return TritonUnavailable(f"Triton failed the request: {message}")
    return TritonUnavailable(f"Triton error ({status or 'no status'}): {message}")
