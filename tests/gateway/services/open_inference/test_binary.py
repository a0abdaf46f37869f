"""The binary tensor data extension's encoding, and the request parameters (no Triton)."""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
import pytest

from inferstack_gateway.errors import InvalidInput
from inferstack_gateway.services.open_inference.binary import from_raw, to_raw
from inferstack_gateway.services.open_inference.checks import TensorDataError
from inferstack_gateway.services.open_inference.decode import decode_inputs
from inferstack_gateway.services.open_inference.options import read_options
from inferstack_gateway.triton.types import NUMPY_DTYPES
from inferstack_schemas.v2 import InferenceRequest


@pytest.mark.parametrize("datatype", [d for d in NUMPY_DTYPES if d != "BYTES"])
def test_numbers_round_trip_little_endian(datatype: str) -> None:
    array = (np.arange(6) % 2).astype(NUMPY_DTYPES[datatype]).reshape(2, 3)
    raw = to_raw(datatype, array)
    assert raw == array.astype(NUMPY_DTYPES[datatype].newbyteorder("<")).tobytes()
    back = from_raw(datatype, [2, 3], raw)
    assert back.dtype == NUMPY_DTYPES[datatype]
    assert back.tolist() == array.tolist()


def test_bytes_elements_are_length_prefixed() -> None:
    array = np.array([b"ab", b"", "é".encode()], dtype=np.object_)
    raw = to_raw("BYTES", array)
    assert (
        raw
        == struct.pack("<I", 2) + b"ab" + struct.pack("<I", 0) + struct.pack("<I", 2) + "é".encode()
    )
    assert from_raw("BYTES", [3], raw).tolist() == [b"ab", b"", "é".encode()]


@pytest.mark.parametrize(
    ("datatype", "shape", "raw", "message"),
    [
        ("FP32", [2], b"\x00" * 7, "needs 8"),
        ("BYTES", [1], b"\x05\x00\x00\x00ab", "past the end"),
        ("BYTES", [1], b"\x01\x00", "inside an element's length"),
        ("BYTES", [2], struct.pack("<I", 1) + b"a", "holds 1 elements"),
        ("BYTES", [1], (struct.pack("<I", 1) + b"a") * 2, "or more"),
        ("BOOL", [1], b"\x02", "0 or 1"),
    ],
)
def test_bad_binary_data(datatype: str, shape: list[int], raw: bytes, message: str) -> None:
    with pytest.raises(TensorDataError, match=message):
        from_raw(datatype, shape, raw)


def _request(**fields: Any) -> InferenceRequest:
    inputs = [
        {"name": "x", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}
    ]
    return InferenceRequest.model_validate({"inputs": inputs, **fields})


def test_binary_inputs_take_their_bytes_in_order() -> None:
    body = InferenceRequest.model_validate(
        {
            "inputs": [
                {
                    "name": "a",
                    "shape": [1],
                    "datatype": "INT32",
                    "parameters": {"binary_data_size": 4},
                },
                {"name": "b", "shape": [1], "datatype": "FP32", "data": [1.5]},
                {
                    "name": "c",
                    "shape": [2],
                    "datatype": "UINT8",
                    "parameters": {"binary_data_size": 2},
                },
            ]
        }
    )
    a, b, c = decode_inputs(body.inputs, struct.pack("<i", -7) + b"\x01\x02")
    assert (a.array.tolist(), b.array.tolist(), c.array.tolist()) == ([-7], [1.5], [1, 2])


@pytest.mark.parametrize(
    ("tail", "message"),
    [(b"\x00" * 4, "runs past the end"), (b"\x00" * 9, "1 bytes after"), (b"", "runs past")],
)
def test_binary_sizes_must_account_for_the_body(tail: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        decode_inputs(_request().inputs, tail)


def test_an_input_without_data_is_named() -> None:
    body = InferenceRequest.model_validate(
        {"inputs": [{"name": "x", "shape": [1], "datatype": "FP32"}]}
    )
    with pytest.raises(InvalidInput, match="'x': has no data"):
        decode_inputs(body.inputs)


def test_parameters_are_honoured() -> None:
    options = read_options(
        _request(
            parameters={"priority": 2, "timeout": 100, "sequence_id": "s", "note": 1.5},
            outputs=[
                {"name": "p", "parameters": {"binary_data": True, "classification": 3}},
                {"name": "q", "parameters": {"binary_data": False}},
            ],
        )
    )
    assert (options.triton.priority, options.triton.timeout_us) == (2, 100)
    assert options.triton.sequence_id == "s"
    assert options.triton.parameters == {"note": 1.5}
    assert options.triton.classification == {"p": 3}
    assert options.binary_outputs == frozenset({"p"})


def test_binary_data_output_covers_outputs_that_do_not_say() -> None:
    everything = read_options(_request(parameters={"binary_data_output": True}))
    assert everything.binary_outputs is None  # no outputs named: all of them, binary
    some = read_options(
        _request(
            parameters={"binary_data_output": True},
            outputs=[{"name": "p"}, {"name": "q", "parameters": {"binary_data": False}}],
        )
    )
    assert some.binary_outputs == frozenset({"p"})
    assert read_options(_request()).binary_outputs == frozenset()


@pytest.mark.parametrize(
    ("fields", "named", "loc"),
    [
        ({"parameters": {"headers": "x"}}, "'headers'", ("parameters", None, ("headers",))),
        ({"parameters": {"triton_x": 1}}, "'triton_x'", ("parameters", None, ("triton_x",))),
        ({"parameters": {"priority": -1}}, "'priority'", ("parameters", None, ("priority",))),
        (
            {"parameters": {"binary_data_output": 1}},
            "'binary_data_output'",
            ("parameters", None, ("binary_data_output",)),
        ),
        ({"parameters": {"priority": 2**64}}, "'priority'", ("parameters", None, ("priority",))),
        ({"parameters": {"timeout": 2**63}}, "'timeout'", ("parameters", None, ("timeout",))),
        (
            {"parameters": {"sequence_id": 2**63}},
            "'sequence_id'",
            ("parameters", None, ("sequence_id",)),
        ),
        ({"parameters": {"note": -(2**63) - 1}}, "'note'", ("parameters", None, ("note",))),
        (
            {"outputs": [{"name": "p", "parameters": {"shared_memory_region": "r"}}]},
            "shared memory",
            ("outputs", 0, ("parameters", "shared_memory_region")),
        ),
        (
            {"outputs": [{"name": "p", "parameters": {"classification": 0}}]},
            "'classification'",
            ("outputs", 0, ("parameters", "classification")),
        ),
    ],
)
def test_parameters_that_cannot_be_honoured_are_named(
    fields: dict[str, Any], named: str, loc: tuple[str, int | None, tuple[str, ...]]
) -> None:
    with pytest.raises(InvalidInput, match=named) as caught:
        read_options(_request(**fields))
    (item,) = caught.value.errors
    assert (item.field, item.index, item.path) == loc


def test_unknown_input_parameters_are_named() -> None:
    body = InferenceRequest.model_validate(
        {
            "inputs": [
                {
                    "name": "x",
                    "shape": [1],
                    "datatype": "FP32",
                    "data": [1],
                    "parameters": {"shared_memory_region": "r"},
                }
            ]
        }
    )
    with pytest.raises(InvalidInput, match="shared_memory_region"):
        read_options(body)
