"""Problems: one renderer, type URIs the gateway serves, no input answered with a 5xx, and every
answer (a 500 included) with the request id and the CORS headers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import GatewaySettings
from tests.digit_images import b64, held_out, render
from tests.gateway.problems import assert_problem

ORIGIN = "https://app.example"


def _operations(gateway: TestClient) -> list[tuple[str, str]]:
    document = gateway.get("/openapi.json").json()
    return [
        (method.upper(), path.replace("{model}", "digits").replace("{version}", "2"))
        for path, item in document["paths"].items()
        for method in item
    ]


def test_problem_types_are_served_where_their_uri_points(gateway: TestClient) -> None:
    listed = gateway.get("/problems").json()["types"]
    assert {t["type"] for t in listed} >= {"/problems/invalid-input", "/problems/internal"}
    for problem_type in listed:
        assert problem_type["type"].startswith("/problems/")  # relative: the gateway's own
        served = gateway.get(problem_type["type"])
        assert served.status_code == 200
        assert served.json() == problem_type
        assert problem_type["description"]
    assert_problem(gateway.get("/problems/no-such-type"), 404, "not-found")


def test_every_problem_type_answered_resolves(gateway: TestClient) -> None:
    answers = [
        gateway.post("/v1/embeddings", json={"model": "nope", "input": "x"}),
        gateway.post("/v1/embeddings", json={"input": ""}),
        gateway.get("/v1/models/nope"),
        gateway.get("/v2/models/digits/versions/9"),
        gateway.post("/v1/text-classification", json={"texts": ["a"], "labels": ["b", "b"]}),
    ]
    for response in answers:
        problem_type = response.json()["type"]
        assert gateway.get(problem_type).status_code == 200, problem_type


def test_a_bare_http_status_is_about_blank(gateway: TestClient) -> None:
    problem = assert_problem(gateway.get("/no/such/path"), 404)
    assert (problem["type"], problem["title"]) == ("about:blank", "Not Found")
    problem = assert_problem(gateway.delete("/healthz"), 405)
    assert problem["type"] == "about:blank"


PNG = render(held_out().images[0])
NOT_UTF8 = [PNG, b"\xff\xfe\xfd", b'{"input": "\xff"}', b"\x00" * 32]
CONTENT_TYPES = ["application/octet-stream", "application/json", None, "text/plain"]


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_no_body_costs_a_5xx(gateway: TestClient, content_type: str | None) -> None:
    """Bytes that are not UTF-8 (an image, binary noise) on every operation that takes a body,
    with each media type: a 4xx problem naming the request, never a crashed handler."""
    headers = {"Content-Type": content_type} if content_type else {}
    for method, path in _operations(gateway):
        if method != "POST":
            continue
        for body in NOT_UTF8:
            response = gateway.request(method, path, content=body, headers=headers)
            assert 400 <= response.status_code < 500, (path, body[:8], response.text)
            assert_problem(response, response.status_code)


def test_the_reported_case_is_a_422_with_the_protocol_error(gateway: TestClient) -> None:
    response = gateway.post(
        "/v2/models/digits/infer", content=PNG, headers={"Content-Type": "application/octet-stream"}
    )
    problem = assert_problem(response, 422, "validation-error")
    assert problem["error"] == problem["detail"]
    assert problem["errors"][0]["loc"] == ["body"]


def test_path_parameters_that_are_not_utf8(gateway: TestClient) -> None:
    for path in ["/v1/models/%ff%fe", "/v2/models/%ff/versions/1", "/problems/%ff"]:
        response = gateway.get(path)
        assert 400 <= response.status_code < 500, path


@pytest.fixture(scope="module")
def failing(gateway_settings: GatewaySettings) -> Iterator[TestClient]:
    """A real gateway with one route that fails as a bug would (not a domain error)."""
    settings = gateway_settings.model_copy(update={"cors_origins": [ORIGIN]})
    app = create_app(settings)

    async def broken() -> dict[str, Any]:
        raise RuntimeError("a bug")

    app.add_api_route("/v1/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_a_500_carries_the_request_id_and_cors_headers(failing: TestClient) -> None:
    response = failing.get("/v1/broken", headers={"Origin": ORIGIN, "X-Request-ID": "boom-1"})
    problem = assert_problem(response, 500, "internal")
    assert response.headers["x-request-id"] == "boom-1" == problem["request_id"]
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "a bug" not in response.text
    metrics = failing.get("/metrics").text
    assert 'route="/v1/broken",status="500"' in metrics.replace('method="GET",', "")


def test_problems_on_v2_routes_carry_the_protocol_error(gateway: TestClient) -> None:
    for response in (
        gateway.get("/v2/models/nope"),
        gateway.post("/v2/models/digits/infer", json={"inputs": []}),
        gateway.get("/v2/no-such"),
    ):
        problem = assert_problem(response, response.status_code)
        assert problem["error"] == problem["detail"]


def test_problems_on_openai_routes_carry_openai_errors(gateway: TestClient) -> None:
    problem = assert_problem(
        gateway.post("/v1/embeddings", json={"model": "nope", "input": "x"}), 404
    )
    assert problem["error"] == {
        "message": problem["detail"],
        "type": "invalid_request_error",
        "param": None,
        "code": "model_not_found",
    }
    problem = assert_problem(gateway.post("/v1/embeddings", json={"input": ["a", " "]}), 422)
    assert problem["error"]["param"] == "input"
    plain = gateway.get("/v1/models/nope").json()
    assert "error" not in plain  # other routes: the plain problem


def test_validation_locations_are_request_paths(gateway: TestClient) -> None:
    body = {"images": [{"data": 5}], "top_k": "x"}
    response = gateway.post("/v1/image-classification", json=body)
    locs = [item["loc"] for item in assert_problem(response, 422)["errors"]]
    assert ["body", "images", 0, "data"] in locs
    assert ["body", "top_k"] in locs


def test_json_types_are_read_as_the_schema_says(gateway: TestClient) -> None:
    """Strict bodies: no coercion of another JSON type ("3", 0 for false, "1" as a dimension),
    while 3.0 is the JSON Schema integer 3."""
    image = {"data": b64(PNG)}
    refused = [
        ("/v1/image-classification", {"images": [image], "top_k": "3"}, ["body", "top_k"]),
        ("/v1/image-classification", {"images": [image], "top_k": True}, ["body", "top_k"]),
        ("/v1/embeddings", {"input": "x", "dimensions": "384"}, ["body", "dimensions"]),
        ("/v1/text-classification", {"texts": ["a"], "labels": ["b"], "multi_label": 1},
         ["body", "multi_label"]),
        ("/v2/models/digits/infer",
         {"inputs": [{"name": "pixels", "shape": ["1", 8, 8], "datatype": "FP32", "data": []}]},
         ["body", "inputs", 0, "shape", 0]),
    ]  # fmt: skip
    for path, body, loc in refused:
        problem = assert_problem(gateway.post(path, json=body), 422, "validation-error")
        assert problem["errors"][0]["loc"] == loc, (path, problem)
    accepted = gateway.post("/v1/image-classification", json={"images": [image], "top_k": 3.0})
    assert accepted.status_code == 200, accepted.text
    assert len(accepted.json()["results"][0]["predictions"]) == 3
