"""The monolith arms answer as the gateway does: same schemas, same predictions."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient

from inferstack_bench.monolith import create_app
from inferstack_bench.workloads import DIGITS_VERSION, digit_images
from tests.conftest import MODEL_REPOSITORY


@pytest.fixture(scope="module", params=["async", "threads"])
def monolith(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with TestClient(create_app(MODEL_REPOSITORY, request.param)) as client:
        yield client


def test_digits_predictions_match_the_gateway(monolith: TestClient, gateway: TestClient) -> None:
    images = [{"data": base64.b64encode(image).decode()} for image in digit_images(8)]
    body = {"model": "digits", "version": DIGITS_VERSION, "images": images, "top_k": 3}
    ours = monolith.post("/v1/image-classification", json=body)
    theirs = gateway.post("/v1/image-classification", json=body)
    assert ours.status_code == theirs.status_code == 200
    for mine, reference in zip(ours.json()["results"], theirs.json()["results"], strict=True):
        assert [p["label"] for p in mine["predictions"]] == [
            p["label"] for p in reference["predictions"]
        ]
    timings = ours.json()["timings"]
    assert timings["preprocess_ms"] > 0  # each stage timed, not all of it as inference
    assert timings["inference_ms"] > 0


def test_embeddings_match_the_gateway(monolith: TestClient, gateway: TestClient) -> None:
    body = {"model": "minilm", "input": ["A quiet walk by the river.", "Stock prices fell."]}
    ours = monolith.post("/v1/embeddings", json=body)
    theirs = gateway.post("/v1/embeddings", json=body)
    assert ours.status_code == theirs.status_code == 200
    for mine, reference in zip(ours.json()["data"], theirs.json()["data"], strict=True):
        assert mine["tokens"] == reference["tokens"]
        cosine = float(np.dot(mine["embedding"], reference["embedding"]))
        assert cosine == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(
    "body",
    [
        {"images": []},
        {"images": [{"data": base64.b64encode(b"not an image").decode()}]},
        {"images": [{"data": "%%%"}]},
    ],
)
def test_bad_input_is_a_4xx_problem_not_a_crash(monolith: TestClient, body: object) -> None:
    answer = monolith.post("/v1/image-classification", json=body)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    assert monolith.get("/healthz").json() == {"status": "ok"}
