"""Triton's output tensors as the Open Inference Protocol's JSON inference response, encoded
once into bytes (the data of each output serialised as one typed list)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter

from inferstack_gateway.errors import InvalidInput
from inferstack_gateway.services.open_inference.binary import to_raw
from inferstack_gateway.services.open_inference.options import BINARY_DATA_SIZE
from inferstack_gateway.triton.types import NUMPY_DTYPES, OutputTensor
from inferstack_schemas.v2 import Datatype, InferenceResponse, ResponseOutput

# Marks a BYTES output whose elements are not all UTF-8 text: each element is base64 then.
BASE64_PARAMETERS: dict[str, bool | int | float | str] = {"content_type": "base64"}

# One serializer per element type of an output's (homogeneous) data.
_DATA_ADAPTERS: dict[type, TypeAdapter[Any]] = {
    float: TypeAdapter(list[float]),
    int: TypeAdapter(list[int]),
    bool: TypeAdapter(list[bool]),
    str: TypeAdapter(list[str]),
    object: TypeAdapter(list[bool | int | float | str]),
}


def to_response_output(tensor: OutputTensor) -> ResponseOutput:
    """One output tensor as the protocol sends it: flat, row-major. BYTES elements become text
    when every one is valid UTF-8, else base64 (and the output says so in its parameters)."""
    if tensor.datatype not in NUMPY_DTYPES:
        raise InvalidInput(
            f"output {tensor.name!r} has datatype {tensor.datatype}, which the JSON protocol "
            "here cannot carry"
        )
    flat = tensor.array.reshape(-1).tolist()
    parameters: dict[str, bool | int | float | str] | None = None
    data: list[bool | int | float | str]
    if tensor.datatype == "BYTES":
        raw = [item if isinstance(item, bytes) else str(item).encode() for item in flat]
        try:
            data = [item.decode("utf-8") for item in raw]
        except UnicodeDecodeError:
            data = [base64.b64encode(item).decode("ascii") for item in raw]
            parameters = dict(BASE64_PARAMETERS)
    else:
        data = flat
    # Built without validation: the values come straight from a typed array.
    return ResponseOutput.model_construct(
        name=tensor.name,
        shape=list(tensor.shape),
        datatype=Datatype(tensor.datatype),
        parameters=parameters,
        data=data,
    )


def encode_response(
    model: str,
    version: str,
    request_id: str,
    outputs: Sequence[OutputTensor],
    binary: frozenset[str] | None = frozenset(),
) -> tuple[bytes, bytes | None]:
    """The inference response: its JSON (absent optional fields left out) and the binary data
    that follows it (binary tensor data extension; None when no output is binary). `binary`:
    the outputs to send binary (None: all)."""
    envelope = InferenceResponse.model_construct(
        model_name=model, model_version=version, id=request_id, parameters=None, outputs=[]
    )
    parts: list[bytes] = []
    tail: list[bytes] = []
    for tensor in outputs:
        if binary is None or tensor.name in binary:
            raw = to_raw(tensor.datatype, tensor.array)
            tail.append(raw)
            parts.append(_binary_output_json(tensor, len(raw)))
        else:
            parts.append(_output_json(to_response_output(tensor)))
    header = _splice(
        envelope.model_dump_json(exclude_none=True), "outputs", b"[" + b",".join(parts) + b"]"
    )
    return header, (b"".join(tail) if len(tail) else None)


def _binary_output_json(tensor: OutputTensor, size: int) -> bytes:
    """An output whose data follows the JSON: no `data`, its byte count in its parameters."""
    described = {
        "name": tensor.name,
        "datatype": tensor.datatype,
        "shape": list(tensor.shape),
        "parameters": {BINARY_DATA_SIZE: size},
    }
    return json.dumps(described, separators=(",", ":")).encode()


def _output_json(output: ResponseOutput) -> bytes:
    # The data, the bulk of a response, is serialized as one list of its own element type:
    # several times faster than the element-by-element union check of the model's field.
    adapter = _DATA_ADAPTERS[_element_type(output.data)]
    shell = output.model_copy(update={"data": []}).model_dump_json(exclude_none=True)
    return _splice(shell, "data", adapter.dump_json(output.data))


def _element_type(data: Sequence[object]) -> type:
    kinds = {type(item) for item in data[:1]}
    return kinds.pop() if kinds and kinds <= set(_DATA_ADAPTERS) else object


def _splice(document: str, field: str, value: bytes) -> bytes:
    """`document` (which ends with `"field":[]}`) with `value` in place of that empty list."""
    empty = f'"{field}":[]}}'
    if not document.endswith(empty):  # the generated model's field order changed
        raise RuntimeError(f"cannot place {field!r} in {document[-40:]!r}")
    return document[: -len(empty)].encode() + f'"{field}":'.encode() + value + b"}"
