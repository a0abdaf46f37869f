"""The binary tensor data extension's tensor encoding: raw little-endian elements, row-major;
BYTES elements each as a 4-byte little-endian length and that many bytes (Triton's
"Binary Tensor Data Extension"). Pure functions on bytes and arrays; where the bytes sit in an
HTTP body is the route's business (`api/v2_framing.py`)."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from inferstack_gateway.services.open_inference.checks import TensorDataError, element_count
from inferstack_gateway.triton.types import NUMPY_DTYPES

Array = npt.NDArray[Any]
_LENGTH = struct.Struct("<I")


def from_raw(datatype: str, shape: Sequence[int], raw: bytes) -> Array:
    """The tensor of `shape` whose elements are `raw`; TensorDataError when the byte count does
    not match the shape (or a BYTES element's length runs past the end)."""
    expected = element_count(shape)
    if datatype == "BYTES":
        return _bytes_elements(raw, expected).reshape(shape)
    dtype = NUMPY_DTYPES[datatype].newbyteorder("<")
    if len(raw) != expected * dtype.itemsize:
        raise TensorDataError(
            f"binary data has {len(raw)} bytes but shape {list(shape)} of {datatype} needs "
            f"{expected * dtype.itemsize}"
        )
    array = np.frombuffer(raw, dtype=dtype)
    if datatype == "BOOL" and bool((array.view(np.uint8) > 1).any()):
        raise TensorDataError("BOOL binary data must be bytes 0 or 1")
    return array.astype(NUMPY_DTYPES[datatype]).reshape(shape)


def _bytes_elements(raw: bytes, expected: int) -> Array:
    elements: list[bytes] = []
    offset = 0
    while offset < len(raw):
        if offset + _LENGTH.size > len(raw):
            raise TensorDataError("BYTES binary data ends inside an element's length")
        (length,) = _LENGTH.unpack_from(raw, offset)
        offset += _LENGTH.size
        if offset + length > len(raw):
            raise TensorDataError(
                f"BYTES binary element {len(elements)} claims {length} bytes past the end"
            )
        elements.append(raw[offset : offset + length])
        offset += length
        if len(elements) > expected:
            break
    if len(elements) != expected:
        raise TensorDataError(
            f"BYTES binary data holds {len(elements)} elements or more; the shape needs {expected}"
            if len(elements) > expected
            else f"BYTES binary data holds {len(elements)} elements; the shape needs {expected}"
        )
    array = np.empty(expected, dtype=np.object_)
    array[:] = elements
    return array


def to_raw(datatype: str, array: Array) -> bytes:
    """`array`'s elements as the extension sends them."""
    if datatype == "BYTES":
        parts = []
        for item in array.reshape(-1).tolist():
            data = item if isinstance(item, bytes) else str(item).encode("utf-8")
            parts.append(_LENGTH.pack(len(data)) + data)
        return b"".join(parts)
    dtype = NUMPY_DTYPES[datatype].newbyteorder("<")
    return np.ascontiguousarray(array, dtype=dtype).tobytes()
