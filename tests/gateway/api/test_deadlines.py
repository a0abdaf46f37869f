"""A caller's deadline (X-Request-Timeout) and the Server-Timing header, in-process against the
real Triton (the deadline's effect on Triton's queue is in tests/gateway/test_overload.py)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.digit_images import b64, held_out, render
from tests.gateway.problems import assert_problem

BODY = {"images": [{"data": b64(render(held_out().images[0]))}]}
URL = "/v1/image-classification"


def test_a_deadline_the_request_cannot_meet_is_a_504(gateway: TestClient) -> None:
    response = gateway.post(URL, json=BODY, headers={"X-Request-Timeout": "0.000001"})
    assert_problem(response, 504, "deadline-exceeded")
    assert gateway.post(URL, json=BODY, headers={"X-Request-Timeout": "5"}).status_code == 200


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan"])
def test_an_unusable_deadline_is_a_422_naming_the_header(gateway: TestClient, value: str) -> None:
    response = gateway.post(URL, json=BODY, headers={"X-Request-Timeout": value})
    problem = assert_problem(response, 422, "validation-error")
    assert problem["errors"][0]["loc"] == ["header", "X-Request-Timeout"]


def _timing(header: str) -> dict[str, float]:
    return {
        match.group(1): float(match.group(2))
        for match in re.finditer(r'(\w+);desc="[^"]*";dur=([0-9.]+)', header)
    }


def test_every_answer_says_where_the_time_went(gateway: TestClient) -> None:
    answer = gateway.post(URL, json=BODY)
    stages = _timing(answer.headers["server-timing"])
    assert set(stages) == {"pre", "triton", "post", "total"}
    timings = answer.json()["timings"]
    assert stages["pre"] == pytest.approx(timings["preprocess_ms"], abs=0.001)
    assert stages["triton"] == pytest.approx(timings["inference_ms"], abs=0.001)
    assert stages["total"] >= stages["pre"] + stages["triton"]
    assert set(_timing(gateway.get("/healthz").headers["server-timing"])) == {"total"}
    failed = gateway.post(URL, json={"images": [{"data": b64(b"junk")}]})
    assert set(_timing(failed.headers["server-timing"])) == {"total"}


def test_v2_answers_time_their_stages_too(gateway: TestClient) -> None:
    tensor = {"name": "pixels", "shape": [1, 8, 8], "datatype": "FP32", "data": [0.0] * 64}
    answer = gateway.post("/v2/models/digits/versions/2/infer", json={"inputs": [tensor]})
    assert answer.status_code == 200
    assert set(_timing(answer.headers["server-timing"])) == {"pre", "triton", "post", "total"}
