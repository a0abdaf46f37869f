"""Open Inference Protocol tensors <-> numpy, and the checks against the catalog (no Triton)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import numpy as np
import pytest

from inferstack_gateway.errors import InvalidInput, ItemError
from inferstack_gateway.services.open_inference.checks import (
    TensorDataError,
    check_request,
    request_elements,
)
from inferstack_gateway.services.open_inference.decode import decode_inputs, to_array
from inferstack_gateway.services.open_inference.encode import encode_response, to_response_output
from inferstack_gateway.triton.types import NUMPY_DTYPES, OutputTensor
from inferstack_schemas import ModelInfo, ModelVersion, Task, TensorSpec
from inferstack_schemas.v2 import Datatype, InferenceRequest, InferenceResponse

DIGITS = ModelInfo(
    name="digits",
    task=Task.IMAGE_CLASSIFICATION,
    versions=[ModelVersion(version="2", state="READY", ready=True)],
    default_version="2",
    max_batch_size=64,
    inputs=[TensorSpec(name="pixels", datatype="FP32", shape=[-1, 8, 8])],
    outputs=[TensorSpec(name="probabilities", datatype="FP32", shape=[-1, 10])],
)


def where(item: ItemError) -> list[str | int | None]:
    """The faulty item as the service names it: its list, index and path inside it."""
    return [item.field, item.index, *item.path]


def _request(**fields: Any) -> InferenceRequest:
    tensor = {"name": "pixels", "shape": [1, 8, 8], "datatype": "FP32", "data": [0.0] * 64}
    body: dict[str, Any] = {"inputs": [tensor], **fields}
    return InferenceRequest.model_validate(body)


def test_flat_and_nested_data_give_the_same_array() -> None:
    grid = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    flat = to_array("FP32", [2, 3, 4], grid.reshape(-1).tolist())
    nested = to_array("FP32", [2, 3, 4], grid.tolist())
    assert flat.dtype == np.float32
    assert flat.shape == (2, 3, 4)
    np.testing.assert_array_equal(flat, grid)
    np.testing.assert_array_equal(nested, grid)


def test_row_major_reshape_of_differently_nested_data() -> None:
    # Nesting other than the shape's is allowed: only the row-major order of elements counts.
    array = to_array("INT32", [3, 2], [[1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(array, [[1, 2], [3, 4], [5, 6]])


@pytest.mark.parametrize(
    ("datatype", "data"),
    [
        ("BOOL", [True, False]),
        ("UINT8", [0, 255]),
        ("UINT16", [0, 65535]),
        ("UINT32", [0, 2**32 - 1]),
        ("UINT64", [0, 2**64 - 1]),
        ("INT8", [-128, 127]),
        ("INT16", [-(2**15), 2**15 - 1]),
        ("INT32", [-(2**31), 2**31 - 1]),
        ("INT64", [-(2**63), 2**63 - 1]),
        ("FP16", [0.5, -65504.0]),
        ("FP32", [1.5, -3]),
        ("FP64", [1e300, 2]),
    ],
)
def test_every_numeric_datatype_round_trips(datatype: str, data: list[Any]) -> None:
    array = to_array(datatype, [2], data)
    assert array.dtype == NUMPY_DTYPES[datatype]
    output = to_response_output(OutputTensor("out", datatype, (2,), array))
    assert output.data == data
    assert output.datatype == Datatype(datatype)
    assert output.shape == [2]


def test_integral_floats_are_accepted_for_integer_types() -> None:
    np.testing.assert_array_equal(to_array("INT64", [2], [1.0, -2.0]), [1, -2])


def test_bytes_are_utf8_encoded_strings() -> None:
    array = to_array("BYTES", [2, 1], [["héllo"], ["wörld"]])
    assert array.dtype == np.object_
    assert array.shape == (2, 1)
    assert array.reshape(-1).tolist() == ["héllo".encode(), "wörld".encode()]


@pytest.mark.parametrize(
    ("datatype", "shape", "data", "message"),
    [
        ("FP32", [2, 2], [1.0, 2.0, 3.0], "data has 3 elements but shape [2, 2] needs 4"),
        ("FP32", [1, 3], [[1.0, 2.0, 3.0, 4.0]], "data has 4 elements but shape [1, 3] needs 3"),
        ("FP32", [2, 2], [[1.0, 2.0], [3.0]], "data has 3 elements but shape [2, 2] needs 4"),
        ("FP32", [3], [[1.0, 2.0], [3.0]], "ragged"),
        ("BOOL", [2], [True, "true"], "BOOL data must be true or false, got strings"),
        ("FP32", [2], ["a", "b"], "FP32 data must be numbers, got strings"),
        ("FP32", [2], [1.0, "2"], "FP32 data must be numbers, got strings"),
        ("FP32", [2], [1.0, None], "FP32 data must be numbers, got nulls"),
        ("FP32", [1], [{"x": 1}], "got nulls, objects"),
        ("FP32", [2], [True, False], "FP32 data must be numbers, got booleans"),
        ("FP16", [1], [70000.0], "FP16 data must lie within"),
        ("FP32", [1], [1e39], "FP32 data must lie within"),
        ("INT32", [2], [1.5, 2.0], "INT32 data must be integers"),
        ("INT8", [1], [128], "INT8 data must lie within [-128, 127]"),
        ("UINT8", [1], [-1], "UINT8 data must lie within [0, 255]"),
        ("UINT64", [1], [2**64], "UINT64 data must lie within [0, 18446744073709551615]"),
        ("INT64", [2], [1, None], "INT64 data must be integers, got null"),
        ("UINT64", [2], [-1, 2**64 - 1], "UINT64 data must lie within"),
        ("BOOL", [2], [1, 0], "BOOL data must be true or false, got numbers"),
        ("BYTES", [2], ["a", 1], "BYTES data must be strings"),
        ("BYTES", [1], [None], "BYTES data must be strings"),
    ],
)
def test_bad_data_is_explained(
    datatype: str, shape: list[int], data: list[Any], message: str
) -> None:
    with pytest.raises(TensorDataError, match=re.escape(message)):
        to_array(datatype, shape, data)


def test_a_long_string_among_numbers_is_refused_without_sizing_an_array_for_it() -> None:
    data: list[Any] = [0.0] * 1_000_000
    data[-1] = "x" * 10_000_000  # as a numpy string array: 40 TB
    with pytest.raises(TensorDataError, match="got strings"):
        to_array("FP32", [len(data)], data)


def test_empty_tensors() -> None:
    assert to_array("FP32", [0, 8], []).shape == (0, 8)
    assert to_array("BYTES", [0], []).dtype == np.object_


def test_decode_inputs_names_every_bad_input() -> None:
    request = InferenceRequest.model_validate(
        {
            "inputs": [
                {"name": "a", "shape": [2], "datatype": "FP32", "data": [1.0, 2.0]},
                {"name": "b", "shape": [2], "datatype": "FP32", "data": [1.0]},
                {"name": "c", "shape": [1], "datatype": "INT8", "data": ["x"]},
            ]
        }
    )
    with pytest.raises(InvalidInput) as caught:
        decode_inputs(request.inputs)
    assert [where(item) for item in caught.value.errors] == [
        ["inputs", 1, "data"],
        ["inputs", 2, "data"],
    ]
    assert "input 'b'" in caught.value.detail
    assert "input 'c'" in caught.value.detail


def test_decode_inputs_returns_name_array_and_datatype() -> None:
    ((name, array, datatype),) = [
        (t.name, t.array, t.datatype) for t in decode_inputs(_request().inputs)
    ]
    assert (name, datatype, array.shape) == ("pixels", "FP32", (1, 8, 8))
    assert array.dtype == np.float32


def test_request_elements_counts_declared_shapes() -> None:
    request = InferenceRequest.model_validate(
        {
            "inputs": [
                {"name": "a", "shape": [3, 8, 8], "datatype": "FP32", "data": []},
                {"name": "b", "shape": [5], "datatype": "BYTES", "data": []},
            ]
        }
    )
    assert request_elements(request) == 3 * 64 + 5


def test_a_matching_request_passes_the_catalog_check() -> None:
    check_request(_request(outputs=[{"name": "probabilities"}]), DIGITS)


@pytest.mark.parametrize(
    ("tensor", "loc", "message"),
    [
        ({"name": "pixel"}, ["inputs", 0, "name"], "input 'pixel': model 'digits' has no"),
        ({"datatype": "FP64"}, ["inputs", 0, "datatype"], "datatype FP64 does not match"),
        ({"shape": [1, 8, 9]}, ["inputs", 0, "shape"], "shape [1, 8, 9] does not fit"),
        ({"shape": [64, 8]}, ["inputs", 0, "shape"], "does not fit the model's [-1, 8, 8]"),
        ({"shape": [65, 8, 8]}, ["inputs", 0, "shape", 0], "exceeds the model's max"),
    ],
)
def test_catalog_mismatches_name_the_input(
    tensor: dict[str, Any], loc: list[str | int], message: str
) -> None:
    body = {"name": "pixels", "shape": [1, 8, 8], "datatype": "FP32", "data": [], **tensor}
    with pytest.raises(InvalidInput) as caught:
        check_request(InferenceRequest.model_validate({"inputs": [body]}), DIGITS)
    assert [where(item) for item in caught.value.errors] == [loc]
    assert message in caught.value.detail


def test_duplicate_and_unknown_outputs_and_repeated_inputs() -> None:
    tensor = {"name": "pixels", "shape": [1, 8, 8], "datatype": "FP32", "data": []}
    request = InferenceRequest.model_validate(
        {
            "inputs": [tensor, tensor],
            "outputs": [{"name": "probabilities"}, {"name": "probabilities"}, {"name": "logits"}],
        }
    )
    with pytest.raises(InvalidInput) as caught:
        check_request(request, DIGITS)
    messages = [item.msg for item in caught.value.errors]
    assert messages[0] == "input 'pixels' is given twice"
    assert "is asked for twice" in messages[1]
    assert "'logits' is not an output of the model" in messages[2]


def test_missing_inputs_are_named() -> None:
    two_inputs = DIGITS.model_copy(
        update={"inputs": [*DIGITS.inputs, TensorSpec(name="mask", datatype="BOOL", shape=[-1])]}
    )
    with pytest.raises(InvalidInput, match="missing input\\(s\\) of model 'digits': 'mask'"):
        check_request(_request(), two_inputs)


def test_bytes_outputs_are_text_when_utf8() -> None:
    array = np.array([["ä".encode(), b"b"]], dtype=np.object_)
    output = to_response_output(OutputTensor("text", "BYTES", (1, 2), array))
    assert output.data == ["ä", "b"]
    assert output.parameters is None


def test_bytes_outputs_are_base64_when_not_utf8() -> None:
    array = np.array([b"\xff\x00", b"ok"], dtype=np.object_)
    output = to_response_output(OutputTensor("raw", "BYTES", (2,), array))
    assert output.data == [base64.b64encode(b"\xff\x00").decode(), base64.b64encode(b"ok").decode()]
    assert output.parameters == {"content_type": "base64"}


def test_outputs_are_flat_row_major() -> None:
    array = np.arange(6, dtype=np.int32).reshape(2, 3)
    output = to_response_output(OutputTensor("y", "INT32", (2, 3), array))
    assert output.data == [0, 1, 2, 3, 4, 5]
    assert output.shape == [2, 3]


def test_an_unsupported_output_datatype_is_refused() -> None:
    array = np.zeros(1, dtype=np.float32)
    with pytest.raises(InvalidInput, match="BF16"):
        to_response_output(OutputTensor("y", "BF16", (1,), array))


def test_encoded_response_is_a_valid_protocol_message() -> None:
    outputs = [
        OutputTensor("probabilities", "FP32", (1, 2), np.array([[0.25, 0.75]], dtype=np.float32)),
        OutputTensor("text", "BYTES", (1,), np.array([b"hi"], dtype=np.object_)),
    ]
    body, binary = encode_response("digits", "2", "req-1", outputs)
    assert binary is None
    raw = json.loads(body)
    assert raw["model_name"] == "digits"
    assert raw["model_version"] == "2"
    assert raw["id"] == "req-1"
    assert "parameters" not in raw
    assert "parameters" not in raw["outputs"][0]
    parsed = InferenceResponse.model_validate_json(body)
    assert [o.name for o in parsed.outputs] == ["probabilities", "text"]
    assert parsed.outputs[0].data == [0.25, 0.75]
    assert parsed.outputs[1].data == ["hi"]


def test_encoded_response_is_what_the_model_itself_would_write() -> None:
    outputs = [
        OutputTensor("f", "FP16", (2,), np.array([0.1, -2.5], dtype=np.float16)),
        OutputTensor("i", "INT64", (1, 2), np.array([[-(2**63), 7]], dtype=np.int64)),
        OutputTensor("b", "BOOL", (2,), np.array([True, False])),
        OutputTensor("s", "BYTES", (1,), np.array(["ü".encode()], dtype=np.object_)),
        OutputTensor("r", "BYTES", (1,), np.array([b"\xfe"], dtype=np.object_)),
        OutputTensor("e", "FP32", (0, 3), np.zeros((0, 3), dtype=np.float32)),
    ]
    expected = InferenceResponse(
        model_name="m",
        model_version="3",
        id="x",
        outputs=[to_response_output(tensor) for tensor in outputs],
    ).model_dump_json(exclude_none=True)
    assert encode_response("m", "3", "x", outputs) == (expected.encode(), None)


@pytest.mark.parametrize(
    ("datatype", "flat"),
    [
        ("FP32", [0.5, 1, -2.25, 3e38]),
        ("FP16", [0.5, float("nan"), float("inf"), -1]),
        ("FP64", [1e300, 2, 3, 4]),
        ("INT8", [127, -128, 0, 1.0]),
        ("UINT64", [2**64 - 1, 0, 1, 2]),
        ("INT32", [1, 2, 3, True]),
    ],
)
def test_flat_data_is_read_as_its_nested_form_is(datatype: str, flat: list[Any]) -> None:
    # Flat lists of numbers take one numpy conversion, nested ones the value-by-value checks.
    nested = [flat[:2], flat[2:]]
    one, other = to_array(datatype, [2, 2], flat), to_array(datatype, [2, 2], nested)
    assert one.dtype == other.dtype
    np.testing.assert_array_equal(one, other)


@pytest.mark.parametrize(
    ("datatype", "flat", "message"),
    [
        ("INT8", [128, 0, 0, 0], "within"),
        ("INT32", [1.5, 0, 0, 0], "integers"),
        ("FP16", [1e6, 0, 0, 0], "within"),
        ("UINT8", [-1, 0, 0, 0], "within"),
        ("FP32", [0, 0, 0, None], "numbers"),
        ("INT64", [2**70, 0, 0, 0], "within"),
    ],
)
def test_flat_and_nested_bad_data_get_the_same_error(
    datatype: str, flat: list[Any], message: str
) -> None:
    errors = []
    for data in (flat, [flat[:2], flat[2:]]):
        with pytest.raises(TensorDataError, match=message) as caught:
            to_array(datatype, [2, 2], data)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
