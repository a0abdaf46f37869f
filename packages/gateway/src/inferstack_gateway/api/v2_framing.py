"""The HTTP framing of Open Inference Protocol inference: a JSON request, or, with the binary
tensor data extension, a JSON header of `Inference-Header-Content-Length` bytes followed by the
tensors' raw bytes; the answer framed the same way when binary outputs were asked for.

Any Content-Type is read this way (tritonclient sends none), as Triton itself does. A body that
is not JSON, or a JSON header that is not an inference request, is a 422 validation problem.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from inferstack_schemas.v2 import InferenceRequest

INFERENCE_HEADER = "Inference-Header-Content-Length"
BINARY_MEDIA_TYPE = "application/octet-stream"

#: The operation's request body, for the OpenAPI document (the route reads the body itself).
REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/InferenceRequest"}},
        BINARY_MEDIA_TYPE: {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": "Binary tensor data extension: the JSON inference request "
                f"(its first `{INFERENCE_HEADER}` bytes), then the raw data of each input "
                "whose parameters give `binary_data_size`, in input order.",
            }
        },
    },
}
#: The successful answer, for the OpenAPI document.
RESPONSE_200: dict[str, Any] = {
    "description": "The output tensors: JSON, or, when binary outputs were asked for (the "
    f"`binary_data_output` or an output's `binary_data` parameter), the JSON of its first "
    f"`{INFERENCE_HEADER}` bytes followed by their raw data.",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/InferenceResponse"}},
        BINARY_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
    },
    "headers": {
        INFERENCE_HEADER: {
            "description": "Length of the JSON part of a binary answer.",
            "schema": {"type": "integer", "minimum": 0},
        }
    },
}


def _invalid(
    loc: tuple[str | int, ...], msg: str, kind: str = "value_error"
) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": loc, "msg": msg, "input": None}])


async def read_inference_request(
    request: Request, header_length: int | None
) -> tuple[InferenceRequest, bytes]:
    """The request's JSON part, validated, and the bytes after it (empty without the header)."""
    body = await request.body()
    if header_length is None:
        head, tail = body, b""
    elif header_length > len(body):
        raise _invalid(
            ("header", INFERENCE_HEADER.lower()),
            f"{INFERENCE_HEADER} is {header_length}, but the body has only {len(body)} bytes",
        )
    else:
        head, tail = body[:header_length], body[header_length:]
    try:
        # Strict, as the schema reads: "1" is not a dimension, 0 not a boolean.
        parsed = InferenceRequest.model_validate_json(head, strict=True)
    except ValidationError as exc:
        try:
            document = json.loads(head)
        except ValueError as bad:  # not JSON, or not UTF-8
            where = "the JSON header" if header_length is not None else "the body"
            raise _invalid(("body",), f"{where} is not JSON: {bad}", "json_invalid") from None
        errors = [{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]
        raise RequestValidationError(errors, body=document) from None
    return parsed, tail


def inference_response(header: bytes, binary: bytes | None) -> Response:
    """JSON, or the JSON header and the binary outputs after it."""
    if binary is None:
        return Response(header, media_type="application/json")
    return Response(
        header + binary,
        media_type=BINARY_MEDIA_TYPE,
        headers={INFERENCE_HEADER: str(len(header))},
    )
