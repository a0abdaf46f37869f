"""``digits`` on the real Triton over gRPC: metadata, versions (8x8 and 28x28 side by side),
batching, per-request errors."""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
import pytest
import tritonclient.grpc as grpcclient
from tritonclient.utils import InferenceServerException

from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import MODEL_REPOSITORY
from tests.digit_images import held_out
from tests.triton_statistics import settled_statistics, statistics

MODEL = "digits"
MODEL_DIR = MODEL_REPOSITORY / MODEL
VERSIONS = ["1", "2", "3"]
GRID_VERSIONS = ["1", "2"]  # 8x8 in 0..16; version 3 reads 28x28 in 0..1
SIDES = {"1": 8, "2": 8, "3": 28}
MAX_BATCH = 64

Images = npt.NDArray[np.float32]


@pytest.fixture(scope="module")
def client(triton: TritonServer) -> Iterator[grpcclient.InferenceServerClient]:
    with grpcclient.InferenceServerClient(triton.grpc_url) as client:
        yield client


@pytest.fixture(scope="module")
def test_images() -> Images:
    return held_out().images.astype(np.float32)


def card(version: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((MODEL_DIR / version / "model_card.json").read_text())
    return loaded


def pixels_input(images: npt.NDArray[Any], datatype: str = "FP32") -> grpcclient.InferInput:
    tensor = grpcclient.InferInput("pixels", list(images.shape), datatype)
    tensor.set_data_from_numpy(images)
    return tensor


def infer(
    client: grpcclient.InferenceServerClient, images: Images, version: str = ""
) -> npt.NDArray[np.float32]:
    result = client.infer(MODEL, [pixels_input(images)], model_version=version)
    probabilities: npt.NDArray[np.float32] = result.as_numpy("probabilities")
    return probabilities


def local_probabilities(version: str, images: Images) -> npt.NDArray[np.float32]:
    """What the committed ONNX file computes, without Triton."""
    session = ort.InferenceSession(
        str(MODEL_DIR / version / "model.onnx"), providers=["CPUExecutionProvider"]
    )
    (probabilities,) = session.run(["probabilities"], {"pixels": images})
    return np.asarray(probabilities, dtype=np.float32)


def tensors(metadata: dict[str, Any], key: str) -> list[tuple[str, str, list[int]]]:
    return [(t["name"], t["datatype"], list(map(int, t["shape"]))) for t in metadata[key]]


def test_metadata_describes_every_version(client: grpcclient.InferenceServerClient) -> None:
    assert client.get_model_metadata(MODEL, as_json=True)["versions"] == VERSIONS
    for version in VERSIONS:
        metadata = client.get_model_metadata(MODEL, version, as_json=True)
        # the sizes differ by version, so the model's config leaves them free
        assert tensors(metadata, "inputs") == [("pixels", "FP32", [-1, -1, -1])]
        assert tensors(metadata, "outputs") == [("probabilities", "FP32", [-1, 10])]


def test_each_version_declares_its_input_geometry(
    client: grpcclient.InferenceServerClient,
) -> None:
    config = client.get_model_config(MODEL, as_json=True)["config"]
    parameters = {key: value["string_value"] for key, value in config["parameters"].items()}
    for version, side in SIDES.items():
        assert parameters[f"image.v{version}.size"] == f"{side}x{side}"
        session = ort.InferenceSession(
            str(MODEL_DIR / version / "model.onnx"), providers=["CPUExecutionProvider"]
        )
        assert session.get_inputs()[0].shape[1:] == [side, side]
    assert parameters["image.v1.normalisation"] == parameters["image.v2.normalisation"]
    assert parameters["image.v1.normalisation"] == "optdigits"
    assert parameters["image.v3.normalisation"] == "mnist"


def test_config_as_triton_reads_it(client: grpcclient.InferenceServerClient) -> None:
    config = client.get_model_config(MODEL, as_json=True)["config"]
    assert config["backend"] == "python"
    assert config["max_batch_size"] == MAX_BATCH
    assert "all" in config["version_policy"]
    assert "dynamic_batching" in config
    assert config["output"][0]["label_filename"] == "labels.txt"
    # no shared warm-up sample fits versions of different sizes: each runner warms itself up
    assert "model_warmup" not in config
    parameters = {key: value["string_value"] for key, value in config["parameters"].items()}
    assert parameters["task"] == "image-classification"
    assert parameters["processor"] == "digits"
    labels_file = (MODEL_REPOSITORY / "digits" / "labels.txt").read_text().split()
    assert parameters["labels"].split(",") == labels_file


@pytest.mark.parametrize("version", GRID_VERSIONS)
def test_held_out_accuracy_matches_the_card(
    client: grpcclient.InferenceServerClient, test_images: Images, version: str
) -> None:
    chunks = [
        infer(client, test_images[start : start + MAX_BATCH], version)
        for start in range(0, len(test_images), MAX_BATCH)
    ]
    probabilities = np.concatenate(chunks)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    accuracy = float((probabilities.argmax(axis=1) == held_out().labels).mean())
    assert accuracy >= card(version)["held_out_accuracy"]


def test_unversioned_requests_go_to_the_latest_version(
    client: grpcclient.InferenceServerClient,
) -> None:
    result = client.infer(MODEL, [pixels_input(np.zeros((1, 28, 28), np.float32))])
    assert result.get_response().model_version == "3"


def test_an_input_of_another_versions_size_is_refused(
    client: grpcclient.InferenceServerClient, test_images: Images
) -> None:
    with pytest.raises(InferenceServerException, match=r"expected shape \[N, 28, 28\]"):
        infer(client, test_images[:2], "3")
    with pytest.raises(InferenceServerException, match=r"expected shape \[N, 8, 8\]"):
        infer(client, np.zeros((1, 28, 28), np.float32), "2")


def test_top_class_comes_with_its_label(
    client: grpcclient.InferenceServerClient, test_images: Images
) -> None:
    top = grpcclient.InferRequestedOutput("probabilities", class_count=1)
    result = client.infer(MODEL, [pixels_input(test_images[:8])], outputs=[top], model_version="2")
    labels = [entry[0].decode().split(":")[2] for entry in result.as_numpy("probabilities")]
    expected = infer(client, test_images[:8], "2").argmax(axis=1)
    assert labels == [str(label) for label in expected]


def version_rows(version: str, test_images: Images) -> Images:
    """Seven distinct inputs of `version`'s size: held-out grids, or (28x28) grids enlarged."""
    rows = test_images[[5, 3, 41, 0, 17, 9, 300]]
    if SIDES[version] == 8:
        return rows
    enlarged = np.kron(rows / 16, np.ones((3, 3), np.float32))  # 24x24
    return np.pad(enlarged, ((0, 0), (2, 2), (2, 2))).astype(np.float32)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_request_of_n_rows_gets_n_results_in_order(
    client: grpcclient.InferenceServerClient, test_images: Images, version: str
) -> None:
    rows = version_rows(version, test_images)
    probabilities = infer(client, rows, version)
    assert probabilities.shape == (7, 10)
    np.testing.assert_allclose(probabilities, local_probabilities(version, rows), atol=1e-6)
    np.testing.assert_allclose(infer(client, rows[::-1], version), probabilities[::-1], atol=1e-6)


def fire_concurrently(
    client: grpcclient.InferenceServerClient, requests: list[Images], version: str
) -> list[npt.NDArray[np.float32] | InferenceServerException]:
    """Send every request at once (async gRPC), then wait for all the answers, in order."""
    answers: queue.Queue[tuple[int, Any, InferenceServerException | None]] = queue.Queue()
    for index, images in enumerate(requests):
        client.async_infer(
            MODEL,
            [pixels_input(images)],
            callback=lambda result, error, index=index: answers.put((index, result, error)),
            model_version=version,
        )
    results: list[npt.NDArray[np.float32] | InferenceServerException] = list(requests)
    for _ in requests:
        index, result, error = answers.get(timeout=30)
        results[index] = error if error is not None else result.as_numpy("probabilities")
    return results


def test_dynamic_batching_merges_concurrent_requests(
    client: grpcclient.InferenceServerClient, test_images: Images
) -> None:
    requests = [test_images[i : i + 1] for i in range(64)]
    before = statistics(client, MODEL, "1")
    results = fire_concurrently(client, requests, "1")
    after = settled_statistics(client, MODEL, "1", before.inferences + 64)
    assert after.inferences - before.inferences == 64
    assert after.executions - before.executions < 64
    expected = local_probabilities("1", test_images[:64])
    for row, result in enumerate(results):
        assert not isinstance(result, InferenceServerException)
        np.testing.assert_allclose(result, expected[row : row + 1], atol=1e-6)


def test_a_bad_request_fails_alone_among_concurrent_ones(
    client: grpcclient.InferenceServerClient, test_images: Images
) -> None:
    requests = [test_images[i : i + 2] for i in range(0, 32, 2)]
    poisoned = requests[7].copy()
    poisoned[1, 4, 4] = np.nan
    requests[7] = poisoned
    results = fire_concurrently(client, requests, "2")
    error = results.pop(7)
    assert isinstance(error, InferenceServerException)
    assert error.status() == "StatusCode.INVALID_ARGUMENT"
    assert "NaN" in str(error.message())
    for result, images in zip(results, requests[:7] + requests[8:], strict=True):
        assert not isinstance(result, InferenceServerException)
        np.testing.assert_allclose(result, local_probabilities("2", images), atol=1e-6)


def nan_images() -> Images:
    images = np.zeros((2, 8, 8), dtype=np.float32)
    images[0, 0, 0] = np.nan
    return images


@pytest.mark.parametrize(
    ("model", "version", "images", "datatype", "message"),
    [
        (MODEL, "1", np.zeros((2, 64), np.float32), "FP32", "unexpected shape"),
        (MODEL, "3", np.zeros((2, 8, 8), np.float32), "FP32", "expected shape"),
        (MODEL, "1", np.zeros((1, 8, 8), np.int32), "INT32", "data-type is 'INT32'"),
        (MODEL, "2", np.zeros((MAX_BATCH + 1, 8, 8), np.float32), "FP32", "batch-size must be"),
        (MODEL, "2", nan_images(), "FP32", "contains NaN or infinity"),
        ("no_such_model", "", np.zeros((1, 8, 8), np.float32), "FP32", "no_such_model"),
        (MODEL, "7", np.zeros((1, 8, 8), np.float32), "FP32", "version 7 is not found"),
    ],
    ids=[
        "wrong-shape",
        "another-versions-size",
        "wrong-datatype",
        "too-many-rows",
        "nan",
        "unknown-model",
        "unknown-version",
    ],
)
def test_malformed_requests_fail_and_the_next_one_succeeds(
    client: grpcclient.InferenceServerClient,
    test_images: Images,
    model: str,
    version: str,
    images: npt.NDArray[Any],
    datatype: str,
    message: str,
) -> None:
    with pytest.raises(InferenceServerException, match=message):
        client.infer(model, [pixels_input(images, datatype)], model_version=version)
    assert infer(client, test_images[:3], version="2").shape == (3, 10)


@pytest.mark.parametrize("version", GRID_VERSIONS)
def test_config_card_facts_match_the_model_cards(
    client: grpcclient.InferenceServerClient, version: str
) -> None:
    config = client.get_model_config(MODEL, as_json=True)["config"]
    parameters = {key: value["string_value"] for key, value in config["parameters"].items()}
    card = json.loads((MODEL_REPOSITORY / MODEL / version / "model_card.json").read_text())
    prefix = f"card.v{version}."
    assert parameters[prefix + "algorithm"] == card["algorithm"]
    for field in ("held_out_accuracy", "held_out_shifted_accuracy"):
        assert float(parameters[prefix + field]) == pytest.approx(card[field], abs=5e-5)


def test_config_gateway_figures_match_the_evaluation(
    client: grpcclient.InferenceServerClient,
) -> None:
    config = client.get_model_config(MODEL, as_json=True)["config"]
    parameters = {key: value["string_value"] for key, value in config["parameters"].items()}
    evaluation = json.loads((MODEL_DIR / "evaluation.json").read_text())
    for version in VERSIONS:
        for name, figures in evaluation["results"][version].items():
            key = f"card.v{version}.gateway_accuracy.{name}"
            assert float(parameters[key]) == pytest.approx(figures["accuracy"], abs=5e-5)
    assert parameters["card.v3.algorithm"] == card("3")["algorithm"]
