"""Open Inference Protocol tensors: the checks a request passes before it reaches Triton, and
the conversions between the protocol's JSON tensors and numpy arrays.

Pure functions without I/O. `OpenInferenceService` runs the conversions off the event loop when a
request holds more than `OFFLOAD_ELEMENTS` elements.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter

from inferstack_gateway.errors import InvalidInput
from inferstack_gateway.triton_client import OutputTensor
from inferstack_schemas import ModelInfo, ProblemItem, TensorSpec
from inferstack_schemas.v2 import (
    Datatype,
    InferenceRequest,
    InferenceResponse,
    RequestInput,
    ResponseOutput,
)

# Tensors with more elements than this (all of a request's together) are converted in a worker
# thread, so a big request does not hold up every other request on the event loop.
OFFLOAD_ELEMENTS = 16_384

NUMPY_DTYPES: Mapping[str, np.dtype[Any]] = {
    "BOOL": np.dtype(np.bool_),
    "UINT8": np.dtype(np.uint8),
    "UINT16": np.dtype(np.uint16),
    "UINT32": np.dtype(np.uint32),
    "UINT64": np.dtype(np.uint64),
    "INT8": np.dtype(np.int8),
    "INT16": np.dtype(np.int16),
    "INT32": np.dtype(np.int32),
    "INT64": np.dtype(np.int64),
    "FP16": np.dtype(np.float16),
    "FP32": np.dtype(np.float32),
    "FP64": np.dtype(np.float64),
    "BYTES": np.dtype(np.object_),
}
# Floats represent every integer below this exactly.
_EXACT_FLOAT_LIMIT = 2.0**53
# Marks a BYTES output whose elements are not all UTF-8 text: each element is base64 then.
BASE64_PARAMETERS: dict[str, bool | int | float | str] = {"content_type": "base64"}

Array = npt.NDArray[Any]


# One serializer per element type of an output's (homogeneous) data.
_DATA_ADAPTERS: dict[type, TypeAdapter[Any]] = {
    float: TypeAdapter(list[float]),
    int: TypeAdapter(list[int]),
    bool: TypeAdapter(list[bool]),
    str: TypeAdapter(list[str]),
    object: TypeAdapter(list[bool | int | float | str]),
}


class TensorDataError(ValueError):
    """The data of one tensor does not match its shape or datatype."""


def element_count(shape: Sequence[int]) -> int:
    return math.prod(shape)


def request_elements(request: InferenceRequest) -> int:
    """Elements the request declares, all inputs together (from the shapes, not the data)."""
    return sum(element_count(tensor.shape) for tensor in request.inputs)


def _fits(shape: Sequence[int], spec: Sequence[int]) -> bool:
    return len(shape) == len(spec) and all(
        d == s or s == -1 for d, s in zip(shape, spec, strict=True)
    )


def check_request(request: InferenceRequest, info: ModelInfo) -> None:
    """Names, datatypes and shapes against the model's own; raises `InvalidInput` naming each
    offending input or output."""
    problems: list[ProblemItem] = []
    inputs: dict[str, TensorSpec] = {spec.name: spec for spec in info.inputs}
    seen: set[str] = set()
    for index, tensor in enumerate(request.inputs):
        loc: list[str | int] = ["body", "inputs", index]
        spec = inputs.get(tensor.name)
        if spec is None:
            expected = ", ".join(repr(name) for name in inputs) or "none"
            problems.append(
                ProblemItem(
                    loc=[*loc, "name"],
                    msg=f"input {tensor.name!r}: model {info.name!r} has no such input "
                    f"(its inputs: {expected})",
                )
            )
            continue
        if tensor.name in seen:
            problems.append(
                ProblemItem(loc=[*loc, "name"], msg=f"input {tensor.name!r} is given twice")
            )
            continue
        seen.add(tensor.name)
        if tensor.datatype.value != spec.datatype:
            problems.append(
                ProblemItem(
                    loc=[*loc, "datatype"],
                    msg=f"input {tensor.name!r}: datatype {tensor.datatype.value} does not match "
                    f"the model's {spec.datatype}",
                )
            )
        if not _fits(tensor.shape, spec.shape):
            problems.append(
                ProblemItem(
                    loc=[*loc, "shape"],
                    msg=f"input {tensor.name!r}: shape {tensor.shape} does not fit the model's "
                    f"{spec.shape} (-1: any size)",
                )
            )
        elif info.max_batch_size and tensor.shape[0] > info.max_batch_size:
            problems.append(
                ProblemItem(
                    loc=[*loc, "shape", 0],
                    msg=f"input {tensor.name!r}: batch of {tensor.shape[0]} exceeds the model's "
                    f"max_batch_size of {info.max_batch_size}",
                )
            )
    missing = [name for name in inputs if name not in seen]
    if missing and not problems:
        problems.append(
            ProblemItem(
                loc=["body", "inputs"],
                msg=f"missing input(s) of model {info.name!r}: {', '.join(map(repr, missing))}",
            )
        )
    outputs = {spec.name for spec in info.outputs}
    asked: set[str] = set()
    for index, output in enumerate(request.outputs or []):
        if output.name not in outputs or output.name in asked:
            why = "is asked for twice" if output.name in asked else "is not an output of the model"
            problems.append(
                ProblemItem(
                    loc=["body", "outputs", index, "name"],
                    msg=f"output {output.name!r} {why} (its outputs: "
                    f"{', '.join(repr(spec.name) for spec in info.outputs) or 'none'})",
                )
            )
        asked.add(output.name)
    if problems:
        raise InvalidInput("; ".join(p.msg for p in problems[:5]), errors=problems)


def _flatten(data: Sequence[object]) -> list[object]:
    flat: list[object] = []
    stack = [iter(data)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            flat.append(item)
        else:
            stack.pop()
    return flat


def _kind_name(kind: str) -> str:
    names = {"b": "booleans", "O": "nulls, objects or integers beyond 64 bits"}
    return names.get(kind, "numbers")


def to_array(datatype: str, shape: Sequence[int], data: Sequence[object]) -> Array:
    """The protocol's tensor data (flat or nested, row-major) as an array of `shape`.

    Numbers must be numbers (integral and in range for the integer types, in range for FP16 and
    FP32), BOOL data booleans and BYTES data strings (sent to Triton as their UTF-8 bytes).
    """
    dtype = NUMPY_DTYPES[datatype]
    expected = element_count(shape)
    flat = _flatten(data)
    if len(flat) != expected:
        raise TensorDataError(
            f"data has {len(flat)} elements but shape {list(shape)} needs {expected}"
        )
    if datatype == "BYTES":
        if not all(isinstance(item, str) for item in flat):
            raise TensorDataError("BYTES data must be strings")
        array = np.empty(expected, dtype=dtype)
        array[:] = [str(item).encode("utf-8") for item in flat]
        return array.reshape(shape)
    # Strings are refused before numpy sees them: it would size every element for the longest.
    if any(isinstance(item, str) for item in flat):
        wanted = "true or false" if datatype == "BOOL" else "numbers"
        raise TensorDataError(f"{datatype} data must be {wanted}, got strings")
    if expected == 0:
        return np.empty(tuple(shape), dtype=dtype)
    try:
        values = np.asarray(data)
    except ValueError:
        raise TensorDataError(
            "data is ragged: its nested lists differ in length at the same depth"
        ) from None
    kind = values.dtype.kind
    if datatype == "BOOL":
        if kind != "b":
            raise TensorDataError(f"BOOL data must be true or false, got {_kind_name(kind)}")
        return values.reshape(shape)
    if dtype.kind in "iu" and _needs_exact_integers(values):
        return _exact_integers(flat, datatype, dtype).reshape(shape)
    if kind not in "iuf":
        raise TensorDataError(f"{datatype} data must be numbers, got {_kind_name(kind)}")
    if dtype.kind in "iu":
        _check_integers(values, datatype, dtype)
    elif dtype.itemsize < 8:
        magnitudes = np.abs(values.astype(np.float64))
        limit = float(np.finfo(dtype).max)
        if bool((magnitudes[np.isfinite(magnitudes)] > limit).any()):
            raise TensorDataError(f"{datatype} data must lie within ±{limit:g}")
    return values.astype(dtype).reshape(shape)


def _needs_exact_integers(values: Array) -> bool:
    """numpy widened 64-bit integers to floats (mixing INT64 and UINT64 magnitudes) or to
    objects (beyond 64 bits): check those element by element, exactly."""
    if values.dtype.kind == "O":
        return True
    return values.dtype.kind == "f" and bool((np.abs(values) >= _EXACT_FLOAT_LIMIT).any())


def _json_type(item: object) -> str:
    names = {type(None): "null", bool: "a boolean", str: "a string", dict: "an object"}
    return names.get(type(item), repr(item))


def _exact_integers(flat: Sequence[object], datatype: str, dtype: np.dtype[Any]) -> Array:
    bounds = np.iinfo(dtype)
    numbers: list[int] = []
    for item in flat:
        if isinstance(item, float) and item.is_integer():
            item = int(item)
        if not isinstance(item, int) or isinstance(item, bool):
            raise TensorDataError(f"{datatype} data must be integers, got {_json_type(item)}")
        if not bounds.min <= item <= bounds.max:
            raise TensorDataError(f"{datatype} data must lie within [{bounds.min}, {bounds.max}]")
        numbers.append(item)
    return np.array(numbers, dtype=dtype)


def _check_integers(values: Array, datatype: str, dtype: np.dtype[Any]) -> None:
    if values.dtype.kind == "f" and not (
        bool(np.isfinite(values).all()) and bool((values == np.trunc(values)).all())
    ):
        raise TensorDataError(f"{datatype} data must be integers")
    bounds = np.iinfo(dtype)
    low, high = int(values.min()), int(values.max())
    if low < bounds.min or high > bounds.max:
        raise TensorDataError(f"{datatype} data must lie within [{bounds.min}, {bounds.max}]")


def decode_inputs(inputs: Sequence[RequestInput]) -> list[tuple[str, Array, str]]:
    """Every input as (name, array, datatype); raises `InvalidInput` naming each bad input."""
    decoded: list[tuple[str, Array, str]] = []
    problems: list[ProblemItem] = []
    for index, tensor in enumerate(inputs):
        datatype = tensor.datatype.value
        try:
            decoded.append((tensor.name, to_array(datatype, tensor.shape, tensor.data), datatype))
        except TensorDataError as exc:
            problems.append(
                ProblemItem(
                    loc=["body", "inputs", index, "data"], msg=f"input {tensor.name!r}: {exc}"
                )
            )
    if problems:
        raise InvalidInput("; ".join(p.msg for p in problems[:5]), errors=problems)
    return decoded


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
    model: str, version: str, request_id: str, outputs: Sequence[OutputTensor]
) -> bytes:
    """The JSON body of an inference response (absent optional fields left out)."""
    envelope = InferenceResponse.model_construct(
        model_name=model, model_version=version, id=request_id, parameters=None, outputs=[]
    )
    tensors = b",".join(_output_json(to_response_output(tensor)) for tensor in outputs)
    return _splice(envelope.model_dump_json(exclude_none=True), "outputs", b"[" + tensors + b"]")


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
