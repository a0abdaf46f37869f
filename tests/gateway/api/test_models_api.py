"""The catalog the gateway reports matches what Triton serves."""

from __future__ import annotations

import tritonclient.grpc as grpcclient
from fastapi.testclient import TestClient

from inferstack_tools.launcher.triton import TritonServer


def test_catalog_matches_triton(gateway: TestClient, triton: TritonServer) -> None:
    client = grpcclient.InferenceServerClient(triton.grpc_url)
    index = client.get_model_repository_index(as_json=True)["models"]
    expected = {(m["name"], m["version"], m["state"]) for m in index}

    response = gateway.get("/v1/models")
    assert response.status_code == 200
    reported = {
        (m["name"], v["version"], v["state"])
        for m in response.json()["models"]
        for v in m["versions"]
    }
    assert reported == expected


def test_digits_detail(gateway: TestClient) -> None:
    response = gateway.get("/v1/models/digits")
    assert response.status_code == 200
    info = response.json()
    assert info["task"] == "image-classification"
    assert [v["version"] for v in info["versions"]] == ["1", "2", "3"]
    assert all(v["ready"] for v in info["versions"])
    assert info["default_version"] == "3"  # the latest ready version (v3 beats v2: see its card)
    # each version's input, as its configuration declares it: the model's dims leave it free
    assert info["inputs"] == [{"name": "pixels", "datatype": "FP32", "shape": [-1, -1, -1]}]
    assert [v["image_input"] for v in info["versions"]] == [
        {"height": 8, "width": 8, "normalisation": "optdigits"},
        {"height": 8, "width": 8, "normalisation": "optdigits"},
        {"height": 28, "width": 28, "normalisation": "mnist"},
    ]
    assert info["outputs"] == [{"name": "probabilities", "datatype": "FP32", "shape": [-1, 10]}]
    assert info["labels"] == [str(d) for d in range(10)]
    assert info["max_batch_size"] > 1


def test_unknown_model_is_a_problem_404(gateway: TestClient) -> None:
    response = gateway.get("/v1/models/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/model-not-found")
    assert problem["status"] == 404
    assert "nope" in problem["detail"]
    assert problem["instance"] == "/v1/models/nope"
    assert problem["request_id"] == response.headers["x-request-id"]


def test_catalog_reports_request_limits(gateway: TestClient) -> None:
    settings = gateway.app.state.gateway.settings  # type: ignore[attr-defined]
    minilm = gateway.get("/v1/models/minilm").json()
    assert minilm["task"] == "embeddings"
    assert all(v["image_input"] is None for v in minilm["versions"])
    assert minilm["limits"]["max_texts_per_request"] == settings.max_texts_per_request
    assert minilm["limits"]["max_tokens_per_request"] == settings.max_tokens_per_request
    assert minilm["parameters"]["max_sequence_length"] == "256"
    digits = gateway.get("/v1/models/digits").json()
    assert digits["limits"]["max_images_per_request"] == settings.max_images_per_request
