"""The Open Inference Protocol routes (/v2/models/...) through the real gateway and real Triton."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import tritonclient.grpc as grpcclient
from fastapi.testclient import TestClient
from pydantic import SecretStr

from inferstack_gateway.app import create_app
from inferstack_gateway.services.open_inference.service import OFFLOAD_ELEMENTS
from inferstack_gateway.settings import GatewaySettings
from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import triton_settings
from tests.digit_images import held_out
from tests.gateway.problems import assert_problem

# Versions 1 and 2 read 8x8 grids, version 3 (the default) 28x28: these tests send grids to v2.
INFER = "/v2/models/digits/versions/2/infer"
UNVERSIONED = "/v2/models/digits/infer"


def _pixels(images: npt.NDArray[np.float64]) -> dict[str, Any]:
    return {
        "name": "pixels",
        "shape": list(images.shape),
        "datatype": "FP32",
        "data": images.astype(np.float32).reshape(-1).tolist(),
    }


def _direct(triton: TritonServer, images: npt.NDArray[np.float64], version: str) -> Any:
    """The same inference, tritonclient straight to Triton: the reference answer."""
    with grpcclient.InferenceServerClient(triton.grpc_url) as client:
        tensor = grpcclient.InferInput("pixels", list(images.shape), "FP32")
        tensor.set_data_from_numpy(images.astype(np.float32))
        result = client.infer("digits", [tensor], model_version=version)
        return result.as_numpy("probabilities")


def _good(gateway: TestClient) -> None:
    """The service still answers a well-formed request."""
    response = gateway.post(INFER, json={"inputs": [_pixels(held_out().images[:1])]})
    assert response.status_code == 200, response.text


def test_model_metadata(gateway: TestClient) -> None:
    response = gateway.get("/v2/models/digits")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "digits"
    assert body["platform"]
    assert set(body["versions"]) >= {"1", "2", "3"}
    # the versions' sizes differ (8x8, 28x28): the model's own metadata leaves them free
    assert body["inputs"] == [{"name": "pixels", "datatype": "FP32", "shape": [-1, -1, -1]}]
    assert body["outputs"] == [{"name": "probabilities", "datatype": "FP32", "shape": [-1, 10]}]


@pytest.mark.parametrize("version", ["1", "2", "3"])
def test_model_version_metadata(gateway: TestClient, version: str) -> None:
    response = gateway.get(f"/v2/models/digits/versions/{version}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "digits"
    assert version in body["versions"]
    assert body["inputs"][0]["name"] == "pixels"


def test_infer_matches_triton_called_directly(gateway: TestClient, triton: TritonServer) -> None:
    data = held_out()
    images, labels = data.images[:48], data.labels[:48]
    response = gateway.post(INFER, json={"inputs": [_pixels(images)]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model_name"] == "digits"
    assert body["model_version"] == "2"
    (output,) = body["outputs"]
    assert output["name"] == "probabilities"
    assert output["datatype"] == "FP32"
    assert output["shape"] == [48, 10]
    probabilities = np.asarray(output["data"], dtype=np.float64).reshape(48, 10)
    expected = _direct(triton, images, "2")
    np.testing.assert_allclose(probabilities, expected, atol=1e-6)
    predicted = probabilities.argmax(axis=1)
    np.testing.assert_array_equal(predicted, expected.argmax(axis=1))
    assert np.mean(predicted == labels) >= 0.9


def test_unversioned_requests_go_to_the_default_version(
    gateway: TestClient, triton: TritonServer
) -> None:
    squares = np.zeros((2, 28, 28))
    squares[:, 6:22, 13:15] = 1.0  # a "1", as version 3 reads it
    response = gateway.post(UNVERSIONED, json={"inputs": [_pixels(squares)]})
    assert response.status_code == 200, response.text
    assert response.json()["model_version"] == "3"
    probabilities = np.asarray(response.json()["outputs"][0]["data"]).reshape(2, 10)
    np.testing.assert_allclose(probabilities, _direct(triton, squares, "3"), atol=1e-6)
    grids = gateway.post(UNVERSIONED, json={"inputs": [_pixels(held_out().images[:1])]})
    assert_problem(grids, 422, "invalid-input")  # Triton's runner: 8x8 is not v3's size
    assert "expected shape [N, 28, 28]" in grids.json()["detail"]


def test_nested_data_gives_the_same_answer(gateway: TestClient) -> None:
    images = held_out().images[:3]
    flat = gateway.post(INFER, json={"inputs": [_pixels(images)]})
    nested_tensor = {**_pixels(images), "data": images.astype(np.float32).tolist()}
    nested = gateway.post(INFER, json={"inputs": [nested_tensor]})
    assert nested.status_code == 200, nested.text
    assert nested.json()["outputs"] == flat.json()["outputs"]


@pytest.mark.parametrize("version", ["1", "2"])
def test_version_path_pins_the_version(
    gateway: TestClient, triton: TritonServer, version: str
) -> None:
    images = held_out().images[5:9]
    response = gateway.post(
        f"/v2/models/digits/versions/{version}/infer", json={"inputs": [_pixels(images)]}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["model_version"] == version
    probabilities = np.asarray(body["outputs"][0]["data"]).reshape(4, 10)
    np.testing.assert_allclose(probabilities, _direct(triton, images, version), atol=1e-6)


def test_requested_outputs(gateway: TestClient) -> None:
    body = {"inputs": [_pixels(held_out().images[:2])], "outputs": [{"name": "probabilities"}]}
    response = gateway.post(INFER, json=body)
    assert response.status_code == 200, response.text
    assert [o["name"] for o in response.json()["outputs"]] == ["probabilities"]


def test_request_id_is_echoed(gateway: TestClient) -> None:
    body = {"id": "my-request-42", "inputs": [_pixels(held_out().images[:1])]}
    response = gateway.post(INFER, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == "my-request-42"


def test_without_an_id_the_gateway_request_id_is_used(gateway: TestClient) -> None:
    response = gateway.post(
        INFER,
        json={"inputs": [_pixels(held_out().images[:1])]},
        headers={"X-Request-ID": "from-header-7"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-request-id"] == "from-header-7"
    assert response.json()["id"] == "from-header-7"


def test_inference_is_labelled_in_metrics(gateway: TestClient) -> None:
    _good(gateway)
    metrics = gateway.get("/metrics").text
    labels = (
        'method="POST",model="digits",route="/v2/models/{model}/versions/{version}/infer",'
        'status="200",version="2"'
    )
    assert f"inferstack_gateway_requests_total{{{labels}}}" in metrics
    triton_calls = 'model="digits",outcome="ok",version="2"'
    assert f"inferstack_gateway_triton_request_duration_seconds_count{{{triton_calls}}}" in metrics


GOOD = _pixels(held_out().images[:2])
BAD_REQUESTS: list[tuple[str, str, Any, int, str, str]] = [
    ("unknown model", "/v2/models/nope/infer", {"inputs": [GOOD]}, 404, "model-not-found", ""),
    (
        "unknown version",
        "/v2/models/digits/versions/9/infer",
        {"inputs": [GOOD]},
        404,
        "version-not-found",
        "'9'",
    ),
    ("version not a number", "/v2/models/digits/versions/x/infer", {"inputs": [GOOD]}, 422, "", ""),
    (
        "wrong input name",
        INFER,
        {"inputs": [{**GOOD, "name": "pixel"}]},
        422,
        "invalid-input",
        "'pixel'",
    ),
    (
        "data length != shape product",
        INFER,
        {"inputs": [{**GOOD, "data": GOOD["data"][:-1]}]},
        422,
        "invalid-input",
        "127 elements but shape [2, 8, 8] needs 128",
    ),
    (
        "wrong datatype string",
        INFER,
        {"inputs": [{**GOOD, "datatype": "FLOAT32"}]},
        422,
        "validation-error",
        "datatype",
    ),
    (
        "datatype other than the model's",
        INFER,
        {"inputs": [{**GOOD, "datatype": "FP64"}]},
        422,
        "invalid-input",
        "FP64 does not match the model's FP32",
    ),
    (
        "non-numeric data for FP32",
        INFER,
        {"inputs": [{**GOOD, "data": ["x"] * 128}]},
        422,
        "invalid-input",
        "input 'pixels': FP32 data must be numbers, got strings",
    ),
    (
        "shape the model cannot take",
        INFER,
        {"inputs": [{**GOOD, "shape": [2, 64]}]},
        422,
        "invalid-input",
        "does not fit the model's [-1, -1, -1]",
    ),
    (
        "batch above max_batch_size",
        INFER,
        {"inputs": [_pixels(np.zeros((65, 8, 8)))]},
        422,
        "invalid-input",
        "max_batch_size of 64",
    ),
    ("missing inputs field", INFER, {"id": "x"}, 422, "validation-error", "inputs"),
    ("empty inputs", INFER, {"inputs": []}, 422, "validation-error", "inputs"),
    (
        "unknown output",
        INFER,
        {"inputs": [GOOD], "outputs": [{"name": "logits"}]},
        422,
        "invalid-input",
        "'logits'",
    ),
    ("unknown field", INFER, {"inputs": [GOOD], "input": []}, 422, "validation-error", ""),
    ("negative dimension", INFER, {"inputs": [{**GOOD, "shape": [-1, 8, 8]}]}, 422, "", ""),
    ("body not an object", INFER, [GOOD], 422, "validation-error", ""),
]


@pytest.mark.parametrize(
    ("url", "body", "status", "slug", "mentions"),
    [pytest.param(u, b, s, t, m, id=name) for name, u, b, s, t, m in BAD_REQUESTS],
)
def test_bad_requests_get_a_problem_and_service_keeps_serving(
    gateway: TestClient, url: str, body: Any, status: int, slug: str, mentions: str
) -> None:
    response = gateway.post(url, json=body)
    problem = assert_problem(response, status, slug)
    if mentions:
        assert mentions in problem["detail"]
    _good(gateway)


@pytest.mark.parametrize(
    ("url", "status", "slug"),
    [
        ("/v2/models/nope", 404, "model-not-found"),
        ("/v2/models/digits/versions/9", 404, "version-not-found"),
        ("/v2/models/digits/versions/x", 422, "validation-error"),
    ],
)
def test_bad_metadata_requests(gateway: TestClient, url: str, status: int, slug: str) -> None:
    response = gateway.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/" + slug)


def test_malformed_json(gateway: TestClient) -> None:
    response = gateway.post(
        INFER, content=b'{"inputs": [', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    _good(gateway)


def test_bad_inputs_are_all_named(gateway: TestClient) -> None:
    body = {"inputs": [{**GOOD, "name": "a"}, {**GOOD, "name": "b"}]}
    response = gateway.post(INFER, json=body)
    assert response.status_code == 422
    locs = [item["loc"] for item in response.json()["errors"]]
    assert locs == [["body", "inputs", 0, "name"], ["body", "inputs", 1, "name"]]


@pytest.fixture(scope="module")
def small_limit(gateway_settings: GatewaySettings) -> Iterator[TestClient]:
    settings = gateway_settings.model_copy(update={"max_v2_elements": 100})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_too_many_elements_is_413(small_limit: TestClient) -> None:
    response = small_limit.post(INFER, json={"inputs": [GOOD]})
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/payload-too-large")
    assert "128 tensor elements" in problem["detail"]
    assert "limit is 100" in problem["detail"]
    one = small_limit.post(INFER, json={"inputs": [_pixels(held_out().images[:1])]})
    assert one.status_code == 200, one.text


def test_request_over_the_byte_limit(gateway_settings: GatewaySettings) -> None:
    settings = gateway_settings.model_copy(update={"max_request_bytes": 4096})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.post(INFER, json={"inputs": [_pixels(held_out().images[:32])]})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_conversion_off_the_event_loop_gives_the_same_answer(
    gateway: TestClient, triton: TritonServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # digits takes at most 64 x 64 elements, below the threshold: lower it to take that path.
    service = gateway.app.state.gateway.open_inference  # type: ignore[attr-defined]
    monkeypatch.setattr(service, "offload_elements", 0)
    images = held_out().images[:64]
    response = gateway.post(INFER, json={"inputs": [_pixels(images)]})
    assert response.status_code == 200, response.text
    probabilities = np.asarray(response.json()["outputs"][0]["data"]).reshape(64, 10)
    np.testing.assert_allclose(probabilities, _direct(triton, images, "2"), atol=1e-6)


KEY = "v2-key-0123456789"


@pytest.fixture(scope="module")
def secured(gateway_settings: GatewaySettings) -> Iterator[TestClient]:
    settings = gateway_settings.model_copy(update={"api_keys": [SecretStr(KEY)]})
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/models/digits"),
        ("GET", "/v2/models/digits/versions/2"),
        ("POST", UNVERSIONED),
        ("POST", INFER),
    ],
)
def test_api_key_is_required(secured: TestClient, method: str, path: str) -> None:
    tensor = GOOD if path == INFER else _pixels(np.zeros((1, 28, 28)))  # v2 8x8, v3 28x28
    body = {"inputs": [tensor]} if method == "POST" else None
    response = secured.request(method, path, json=body)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    allowed = secured.request(method, path, json=body, headers={"X-API-Key": KEY})
    assert allowed.status_code == 200, allowed.text


# A tiny Python-backend model with BYTES and several outputs, served by a Triton of its own.
ECHO_CONFIG = """
name: "echo"
backend: "python"
max_batch_size: 0
input [ { name: "text", data_type: TYPE_STRING, dims: [ -1 ] } ]
output [
  { name: "upper", data_type: TYPE_STRING, dims: [ -1 ] },
  { name: "length", data_type: TYPE_INT32, dims: [ -1 ] },
  { name: "raw", data_type: TYPE_STRING, dims: [ -1 ] }
]
"""
ECHO_MODEL = """
import numpy as np
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def execute(self, requests):
        responses = []
        for request in requests:
            text = pb_utils.get_input_tensor_by_name(request, "text").as_numpy()
            items = [bytes(t) for t in text.reshape(-1)]
            upper = np.array([t.decode().upper().encode() for t in items], dtype=object)
            length = np.array([len(t.decode()) for t in items], dtype=np.int32)
            raw = np.array([b"\\xff" + t for t in items], dtype=object)
            responses.append(
                pb_utils.InferenceResponse(
                    output_tensors=[
                        pb_utils.Tensor("upper", upper),
                        pb_utils.Tensor("length", length),
                        pb_utils.Tensor("raw", raw),
                    ]
                )
            )
        return responses
"""


@pytest.fixture(scope="module")
def echo_gateway(
    triton: TritonServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    repository = tmp_path_factory.mktemp("echo-repository")
    (repository / "echo" / "1").mkdir(parents=True)
    (repository / "echo" / "config.pbtxt").write_text(ECHO_CONFIG)
    (repository / "echo" / "1" / "model.py").write_text(ECHO_MODEL)
    work = tmp_path_factory.mktemp("echo-triton")
    server = TritonServer(triton_settings(work, model_repository=Path(repository)))
    server.start()
    try:
        settings = GatewaySettings(triton_url=server.grpc_url, catalog_refresh_s=1.0)
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            yield client
    finally:
        server.stop()


def test_bytes_in_and_every_output_out(echo_gateway: TestClient) -> None:
    text = {"name": "text", "shape": [3], "datatype": "BYTES", "data": ["ab", "héllo", ""]}
    response = echo_gateway.post("/v2/models/echo/infer", json={"inputs": [text]})
    assert response.status_code == 200, response.text
    outputs = {o["name"]: o for o in response.json()["outputs"]}
    assert set(outputs) == {"upper", "length", "raw"}
    assert outputs["upper"]["datatype"] == "BYTES"
    assert outputs["upper"]["data"] == ["AB", "HÉLLO", ""]
    assert outputs["length"] == {
        "name": "length",
        "shape": [3],
        "datatype": "INT32",
        "data": [2, 5, 0],
    }
    assert outputs["raw"]["parameters"] == {"content_type": "base64"}
    assert outputs["raw"]["data"] == ["/2Fi", "/2jDqWxsbw==", "/w=="]


def test_bytes_subset_of_outputs(echo_gateway: TestClient) -> None:
    body = {
        "inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["x"]}],
        "outputs": [{"name": "length"}, {"name": "upper"}],
    }
    response = echo_gateway.post("/v2/models/echo/infer", json=body)
    assert response.status_code == 200, response.text
    assert [o["name"] for o in response.json()["outputs"]] == ["length", "upper"]


def test_an_empty_outputs_list_means_every_output(echo_gateway: TestClient) -> None:
    body = {
        "inputs": [{"name": "text", "shape": [1], "datatype": "BYTES", "data": ["x"]}],
        "outputs": [],
    }
    response = echo_gateway.post("/v2/models/echo/infer", json=body)
    assert response.status_code == 200, response.text
    assert [o["name"] for o in response.json()["outputs"]] == ["upper", "length", "raw"]


def test_bytes_metadata(echo_gateway: TestClient) -> None:
    body = echo_gateway.get("/v2/models/echo").json()
    assert body["inputs"] == [{"name": "text", "datatype": "BYTES", "shape": [-1]}]
    assert [o["name"] for o in body["outputs"]] == ["upper", "length", "raw"]


def test_big_bytes_request(echo_gateway: TestClient) -> None:
    """Above the offload threshold (inputs and outputs converted in a worker thread)."""
    count = OFFLOAD_ELEMENTS + 1
    words = [f"w{i}" for i in range(count)]
    text = {"name": "text", "shape": [count], "datatype": "BYTES", "data": words}
    body = {"inputs": [text], "outputs": [{"name": "upper"}]}
    response = echo_gateway.post("/v2/models/echo/infer", json=body)
    assert response.status_code == 200, response.text
    (upper,) = response.json()["outputs"]
    assert upper["shape"] == [count]
    assert upper["data"] == [w.upper() for w in words]


def test_bytes_input_must_be_strings(echo_gateway: TestClient) -> None:
    text = {"name": "text", "shape": [2], "datatype": "BYTES", "data": ["a", 1]}
    response = echo_gateway.post("/v2/models/echo/infer", json={"inputs": [text]})
    assert response.status_code == 422
    assert "BYTES data must be strings" in response.json()["detail"]


def test_triton_rejection_is_mapped(gateway: TestClient) -> None:
    # NaN passes the gateway's checks (it is a float); the model itself refuses it.
    tensor = {**GOOD, "data": [float("nan")] * 128}
    response = gateway.post(
        INFER,
        content=json.dumps({"inputs": [tensor]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith("Triton rejected the request: input 'pixels'")
    _good(gateway)


def test_a_request_that_fails_in_triton_is_labelled_with_the_resolved_version(
    gateway: TestClient,
) -> None:
    tensor = {**_pixels(np.zeros((1, 28, 28))), "data": [float("nan")] * 784}
    body = json.dumps({"inputs": [tensor]}).encode()  # NaN: not strict JSON, as httpx writes it
    headers = {"Content-Type": "application/json"}
    response = gateway.post(UNVERSIONED, content=body, headers=headers)
    assert response.status_code == 422, response.text
    labels = (  # the version the catalog resolved for a request that named none
        'method="POST",model="digits",route="/v2/models/{model}/infer",status="422",version="3"'
    )
    assert f"inferstack_gateway_requests_total{{{labels}}}" in gateway.get("/metrics").text
