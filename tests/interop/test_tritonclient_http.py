"""NVIDIA's own v2 client, `tritonclient.http`, through the gateway: one suite of calls run twice,
against Triton's HTTP port directly and against the gateway (real uvicorn, real Triton behind it
over gRPC), and the answers compared: outputs, datatypes, shapes and errors.

The calls cover JSON and the binary tensor data extension in both directions, pinned versions,
classification, scheduling and custom parameters, request ids, both models' datatypes (FP32
images, INT64 token ids; BYTES classification answers), health, server and model metadata.
Errors: both fail, each message names the same culprit, and the gateway answers a 4xx of the
fault's kind where Triton often says 400 or 500 (the gateway checks requests first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import tritonclient.http as http
from tritonclient.utils import InferenceServerException

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.triton import TritonServer
from tests.digit_images import held_out

Array = npt.NDArray[Any]
Call = Callable[[http.InferenceServerClient], http.InferResult]


def _host(url: str) -> str:
    return url.removeprefix("http://")


@pytest.fixture(scope="module")
def clients(
    triton: TritonServer, gateway_server: GatewayServer
) -> Iterator[tuple[http.InferenceServerClient, http.InferenceServerClient]]:
    direct = http.InferenceServerClient(_host(triton.http_url))
    through = http.InferenceServerClient(_host(gateway_server.url))
    yield direct, through
    direct.close()
    through.close()


def _pixels(count: int, *, binary: bool) -> http.InferInput:
    images = held_out().images[:count].astype(np.float32)
    tensor = http.InferInput("pixels", list(images.shape), "FP32")
    tensor.set_data_from_numpy(images, binary_data=binary)
    return tensor


def _squares(count: int, *, binary: bool) -> http.InferInput:
    """`count` 28x28 grids in 0..1, the input of digits version 3."""
    squares = np.random.default_rng(0).random((count, 28, 28), dtype=np.float32)
    tensor = http.InferInput("pixels", list(squares.shape), "FP32")
    tensor.set_data_from_numpy(squares, binary_data=binary)
    return tensor


def _tokens(binary: bool) -> list[http.InferInput]:
    ids = np.array([[101, 7592, 2088, 102], [101, 2088, 102, 0]], dtype=np.int64)
    mask = (ids > 0).astype(np.int64)
    tensors = []
    for name, array in (("input_ids", ids), ("attention_mask", mask)):
        tensor = http.InferInput(name, list(array.shape), "INT64")
        tensor.set_data_from_numpy(array, binary_data=binary)
        tensors.append(tensor)
    return tensors


def _output(binary: bool, class_count: int = 0) -> list[http.InferRequestedOutput]:
    return [http.InferRequestedOutput("probabilities", binary_data=binary, class_count=class_count)]


def _single(name: str, datatype: str, array: Array) -> http.InferInput:
    tensor = http.InferInput(name, list(array.shape), datatype)
    tensor.set_data_from_numpy(array, binary_data=True)
    return tensor


#: id -> the call, and which outputs it reads. The 8x8 grids name version 1 or 2: the default
#: version, 3, reads 28x28 ones.
CALLS: dict[str, tuple[Call, tuple[str, ...]]] = {
    "binary in, binary out (client defaults)": (
        lambda c: c.infer("digits", [_pixels(3, binary=True)], model_version="2"),
        ("probabilities",),
    ),
    "json in, json out": (
        lambda c: c.infer(
            "digits", [_pixels(3, binary=False)], model_version="2", outputs=_output(False)
        ),
        ("probabilities",),
    ),
    "binary in, json out": (
        lambda c: c.infer(
            "digits", [_pixels(2, binary=True)], model_version="2", outputs=_output(False)
        ),
        ("probabilities",),
    ),
    "json in, binary out": (
        lambda c: c.infer(
            "digits", [_pixels(2, binary=False)], model_version="2", outputs=_output(True)
        ),
        ("probabilities",),
    ),
    "json in, all outputs as json": (
        lambda c: c.infer("digits", [_pixels(1, binary=False)], model_version="2", outputs=None),
        ("probabilities",),
    ),
    "the default version (3), 28x28 grids": (
        lambda c: c.infer("digits", [_squares(2, binary=True)]),
        ("probabilities",),
    ),
    "pinned version 1": (
        lambda c: c.infer("digits", [_pixels(4, binary=True)], model_version="1"),
        ("probabilities",),
    ),
    "classification, binary BYTES out": (
        lambda c: c.infer(
            "digits", [_pixels(2, binary=True)], model_version="2", outputs=_output(True, 3)
        ),
        ("probabilities",),
    ),
    "classification, json BYTES out": (
        lambda c: c.infer(
            "digits", [_pixels(2, binary=False)], model_version="2", outputs=_output(False, 2)
        ),
        ("probabilities",),
    ),
    "priority, timeout and a custom parameter": (
        lambda c: c.infer(
            "digits",
            [_pixels(1, binary=True)],
            model_version="2",
            priority=1,
            timeout=10_000_000,
            parameters={"note": "kept"},
        ),
        ("probabilities",),
    ),
    "INT64 token ids, binary": (lambda c: c.infer("minilm", _tokens(True)), ("embedding",)),
    "INT64 token ids, json": (lambda c: c.infer("minilm", _tokens(False)), ("embedding",)),
}


@dataclass(frozen=True)
class Failure:
    status: int
    message: str


def _run(call: Call, client: http.InferenceServerClient) -> http.InferResult | Failure:
    try:
        return call(client)
    except InferenceServerException as exc:
        return Failure(int(exc.status() or 0), str(exc.message()))


@pytest.mark.parametrize("name", CALLS)
def test_same_answer_through_the_gateway(
    clients: tuple[http.InferenceServerClient, http.InferenceServerClient], name: str
) -> None:
    call, outputs = CALLS[name]
    direct, through = (_run(call, client) for client in clients)
    assert not isinstance(direct, Failure), direct
    assert not isinstance(through, Failure), through
    assert through.get_response()["model_name"] == direct.get_response()["model_name"]
    assert through.get_response()["model_version"] == direct.get_response()["model_version"]
    for output in outputs:
        want, got = direct.get_output(output), through.get_output(output)
        assert (got["datatype"], got["shape"]) == (want["datatype"], want["shape"])
        expected, actual = direct.as_numpy(output), through.as_numpy(output)
        assert actual.dtype == expected.dtype
        assert actual.shape == expected.shape
        if expected.dtype == np.object_:
            assert actual.tolist() == expected.tolist()
        else:
            np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)


def test_request_id_is_echoed(
    clients: tuple[http.InferenceServerClient, http.InferenceServerClient],
) -> None:
    for client in clients:
        result = client.infer("digits", [_squares(1, binary=True)], request_id="req-42")
        assert result.get_response()["id"] == "req-42"


#: id -> (the failing call, a word both messages must hold, the gateway's status)
ERRORS: dict[str, tuple[Call, str, int]] = {
    "unknown model": (lambda c: c.infer("nope", [_pixels(1, binary=True)]), "nope", 404),
    "unknown version": (
        lambda c: c.infer("digits", [_pixels(1, binary=True)], model_version="9"),
        "9",
        404,
    ),
    "unknown input": (
        lambda c: c.infer(
            "digits", [_single("image", "FP32", np.zeros((1, 8, 8), np.float32))], model_version="2"
        ),
        "image",
        422,
    ),
    "wrong datatype": (
        lambda c: c.infer(
            "digits", [_single("pixels", "INT32", np.zeros((1, 8, 8), np.int32))], model_version="2"
        ),
        "INT32",
        422,
    ),
    "wrong shape": (
        lambda c: c.infer(
            "digits",
            [_single("pixels", "FP32", np.zeros((1, 7, 8), np.float32))],
            model_version="2",
        ),
        "shape",
        422,
    ),
    "unknown output": (
        lambda c: c.infer(
            "digits",
            [_pixels(1, binary=True)],
            model_version="2",
            outputs=[http.InferRequestedOutput("logits")],
        ),
        "logits",
        422,
    ),
}


@pytest.mark.parametrize("name", ERRORS)
def test_same_error_through_the_gateway(
    clients: tuple[http.InferenceServerClient, http.InferenceServerClient], name: str
) -> None:
    call, culprit, status = ERRORS[name]
    direct, through = (_run(call, client) for client in clients)
    assert isinstance(direct, Failure), "Triton accepted it"
    assert isinstance(through, Failure), "the gateway accepted it"
    # The client printed the server's reason, not a decoding error: the body had "error".
    assert "decoding the response" not in through.message
    assert culprit.lower() in direct.message.lower()
    assert culprit.lower() in through.message.lower()
    assert through.status == status


def test_parameters_the_gateway_cannot_honour_are_refused_by_name(
    clients: tuple[http.InferenceServerClient, http.InferenceServerClient],
) -> None:
    _, through = clients
    output = http.InferRequestedOutput("probabilities")
    output.set_shared_memory("region", 40)
    failure = _run(
        lambda c: c.infer("digits", [_pixels(1, binary=True)], model_version="2", outputs=[output]),
        through,
    )
    assert isinstance(failure, Failure)
    assert failure.status == 422
    assert "shared_memory_region" in failure.message


def test_health_and_metadata(
    clients: tuple[http.InferenceServerClient, http.InferenceServerClient],
) -> None:
    direct, through = clients
    assert through.is_server_live()
    assert through.is_server_ready()
    assert through.is_model_ready("digits")
    assert through.is_model_ready("digits", "1")
    assert not through.is_model_ready("nope")
    for model in ("digits", "minilm"):
        assert through.get_model_metadata(model) == direct.get_model_metadata(model)
    assert through.get_model_metadata("digits", "1") == direct.get_model_metadata("digits", "1")
    server = through.get_server_metadata()
    assert server["name"] == "inferstack-gateway"
    assert server["version"]
    assert set(server["extensions"]) <= set(direct.get_server_metadata()["extensions"])
