"""Open Inference Protocol JSON tensor data to numpy arrays, with every value checked against
its datatype: pure functions, run off the event loop for big requests by the service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from inferstack_gateway.errors import InvalidInput, ItemError
from inferstack_gateway.services.open_inference.binary import from_raw
from inferstack_gateway.services.open_inference.checks import TensorDataError, element_count
from inferstack_gateway.services.open_inference.options import BINARY_DATA_SIZE
from inferstack_gateway.triton.types import NUMPY_DTYPES, InputTensor
from inferstack_schemas.v2 import RequestInput

# Floats represent every integer below this exactly.
_EXACT_FLOAT_LIMIT = 2.0**53

Array = npt.NDArray[Any]


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
    fast = _regular_numbers(datatype, dtype, expected, data)
    if fast is not None:
        return fast.astype(dtype).reshape(shape)
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


def _regular_numbers(
    datatype: str, dtype: np.dtype[Any], expected: int, data: Sequence[object]
) -> Array | None:
    """The common case in ONE numpy conversion: a flat list of as many numbers (ints and floats,
    no booleans) as the shape needs, in range for the datatype (integral for the integer types).
    None for anything else (nesting, strings, booleans, nulls, miscounted data, big or
    fractional integers, floats out of range), which `to_array` then checks value by value, with
    the same answer. The element types are read before numpy sees the data: a string would make
    it size an array for the longest one."""
    if datatype in ("BYTES", "BOOL") or expected == 0 or len(data) != expected:
        return None
    if not _NUMBER_TYPES.issuperset(map(type, data)):
        return None
    values = np.asarray(data)
    if values.dtype.kind not in "iuf":  # integers beyond 64 bits
        return None
    if dtype.kind in "iu":
        if _needs_exact_integers(values):
            return None
        try:
            _check_integers(values, datatype, dtype)
        except TensorDataError:
            return None
    elif dtype.itemsize < 8:
        limit = float(np.finfo(dtype).max)
        if not bool((np.abs(values) <= limit).all()):  # inf, nan or too big: the full check
            return None
    return values


_NUMBER_TYPES = frozenset({int, float})


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


def decode_inputs(inputs: Sequence[RequestInput], binary: bytes = b"") -> list[InputTensor]:
    """Every input as a tensor for the backend; raises `InvalidInput` naming each bad input.

    An input whose parameters give `binary_data_size` takes that many bytes of `binary` (the
    body after the JSON header, binary tensor data extension), in input order; the sizes must
    add up to all of `binary`."""
    decoded: list[InputTensor] = []
    problems: list[ItemError] = []
    offset = 0
    for index, tensor in enumerate(inputs):
        datatype = tensor.datatype.value
        size = (tensor.parameters or {}).get(BINARY_DATA_SIZE)
        try:
            if size is None:
                if tensor.data is None:
                    raise TensorDataError("has no data and no binary_data_size parameter")
                array = to_array(datatype, tensor.shape, tensor.data)
            else:
                if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                    raise TensorDataError(f"binary_data_size must be a byte count, got {size!r}")
                if tensor.data is not None:
                    raise TensorDataError("has both data and binary_data_size; send one")
                if offset + size > len(binary):
                    raise TensorDataError(
                        f"binary_data_size {size} runs past the end of the body "
                        f"({len(binary) - offset} bytes left)"
                    )
                array = from_raw(datatype, tensor.shape, binary[offset : offset + size])
                offset += size
        except TensorDataError as exc:
            problems.append(ItemError("inputs", index, f"input {tensor.name!r}: {exc}", ("data",)))
            continue
        decoded.append(InputTensor(tensor.name, array, datatype))
    if not problems and offset != len(binary):
        problems.append(
            ItemError(
                "inputs",
                None,
                f"the body holds {len(binary) - offset} bytes after the tensors' binary data "
                "that no input's binary_data_size accounts for",
            )
        )
    if problems:
        raise InvalidInput("; ".join(p.msg for p in problems[:5]), errors=problems)
    return decoded
