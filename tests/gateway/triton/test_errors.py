"""Triton's gRPC failures as domain errors: every kind gets its status, none a 500. The messages
are Triton 2.51's own, as its gRPC server sends them."""

from __future__ import annotations

import pytest

from inferstack_gateway.errors import (
    DeadlineExceeded,
    GatewayError,
    InvalidInput,
    ModelNotFound,
    Overloaded,
    TritonUnavailable,
    VersionNotFound,
)
from inferstack_gateway.triton.errors import map_triton_error


@pytest.mark.parametrize(
    ("status", "message", "model", "version", "kind", "http"),
    [
        ("StatusCode.DEADLINE_EXCEEDED", "Deadline Exceeded", "digits", "2", DeadlineExceeded, 504),
        ("StatusCode.UNAVAILABLE", "Request timeout expired", "digits", "2", DeadlineExceeded, 504),
        (
            "StatusCode.UNAVAILABLE",
            "Exceeds maximum queue size",
            "digits",
            "2",
            Overloaded,
            503,
        ),
        (
            "StatusCode.UNAVAILABLE",
            "failed to connect to all addresses",
            "",
            "",
            TritonUnavailable,
            503,
        ),
        (
            "StatusCode.NOT_FOUND",
            "Request for unknown model: 'nope' is not found",
            "nope",
            "",
            ModelNotFound,
            404,
        ),
        (
            "StatusCode.NOT_FOUND",
            "Request for unknown model: 'digits' version 9 is not found",
            "digits",
            "9",
            VersionNotFound,
            404,
        ),
        (
            "StatusCode.INVALID_ARGUMENT",
            "[request id: x] unexpected shape for input 'pixels'",
            "digits",
            "2",
            InvalidInput,
            422,
        ),
        ("StatusCode.INTERNAL", "Python backend crashed", "digits", "2", TritonUnavailable, 503),
        ("StatusCode.CANCELLED", "Cancelled", "digits", "2", TritonUnavailable, 503),
        ("", "something nobody expected", "digits", "2", TritonUnavailable, 503),
    ],
)
def test_every_failure_has_its_own_status(
    status: str, message: str, model: str, version: str, kind: type[GatewayError], http: int
) -> None:
    error = map_triton_error(status, message, model, version)
    assert type(error) is kind
    assert error.status == http


def test_refusals_say_when_to_retry() -> None:
    for status, message in [
        ("StatusCode.UNAVAILABLE", "Exceeds maximum queue size"),
        ("StatusCode.UNAVAILABLE", "failed to connect to all addresses"),
    ]:
        assert map_triton_error(status, message, "digits", "2").headers["Retry-After"]
