"""The prediction log end to end, on SQLite and on PostgreSQL: inference requests through the
real gateway and Triton, each stored once with its fields, and read back through
/v1/predictions (list, filters, cursor, one record, stats), behind the API key."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from inferstack_gateway.api.auth import caller_id
from inferstack_gateway.app import create_app
from inferstack_gateway.settings import GatewaySettings
from tests.digit_images import b64, held_out, render
from tests.gateway.predictions.log_client import all_records, wait_for
from tests.gateway.problems import assert_problem

KEY = "log-test-key-0123"
HEADERS = {"X-API-Key": KEY}


@pytest.fixture(scope="module")
def client(gateway_settings: GatewaySettings, database_url: str) -> Iterator[TestClient]:
    settings = gateway_settings.model_copy(
        update={
            "api_keys": [SecretStr(KEY)],
            "database_url": database_url,
            "prediction_log_flush_ms": 20.0,
        }
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _id() -> str:
    return uuid.uuid4().hex


def _post(client: TestClient, path: str, request_id: str, **kwargs: Any) -> Any:
    headers = {**HEADERS, "X-Request-ID": request_id}
    return client.post(path, headers=headers, **kwargs)


@pytest.fixture(scope="module")
def sent(client: TestClient) -> dict[str, tuple[Any, Any]]:
    """One request of each kind, by request id: (what was sent, the answer)."""
    data = held_out()
    images = [render(data.images[i]) for i in range(3)]
    requests: dict[str, tuple[Any, Any]] = {}

    def send(name: str, path: str, payload: Any, **kwargs: Any) -> None:
        request_id = f"{name}-{_id()}"
        requests[request_id] = (payload, _post(client, path, request_id, **kwargs))

    one = {"images": [{"data": b64(images[0])}], "top_k": 3}
    send("image", "/v1/image-classification", images[:1], json=one)
    two = {"images": [{"data": b64(i)} for i in images[1:]], "version": "1", "top_k": 2}
    send("images", "/v1/image-classification", images[1:], json=two)
    send(
        "upload",
        "/v1/image-classification/upload",
        images[:1],
        files=[("files", ("a.png", images[0], "image/png"))],
    )
    texts = ["a cat sat on the mat", "stocks fell sharply"]
    send("embed", "/v1/embeddings", texts, json={"model": "minilm", "input": texts})
    labels = ["animals", "finance", "sports"]
    body = {"model": "minilm", "texts": texts, "labels": labels}
    send("zero-shot", "/v1/text-classification", (texts, labels), json=body)
    pixels = data.images[:1].astype(np.float32) / 16.0
    tensor = {"name": "pixels", "shape": [1, 8, 8], "datatype": "FP32"}
    v2 = {"inputs": [{**tensor, "data": pixels.reshape(-1).tolist()}]}
    send("v2", "/v2/models/digits/versions/2/infer", v2, json=v2)  # 8x8 grids: version 2 reads them
    bad = {"images": [{"data": b64(images[0])}, {"data": b64(b"not an image")}]}
    send("bad", "/v1/image-classification", None, json=bad)
    send("unknown", "/v1/image-classification", None, json={**one, "model": "nope"})
    return requests


def test_each_inference_request_is_one_record_with_its_fields(
    client: TestClient, sent: dict[str, tuple[Any, Any]]
) -> None:
    records = wait_for(client, sent, HEADERS)
    for request_id, (payload, response) in sent.items():
        record = records[request_id]
        kind = request_id.split("-")[0]
        assert record["status"] == response.status_code, (kind, response.text)
        assert record["latency_ms"] > 0
        assert record["caller"] == caller_id(KEY) != KEY
        assert KEY not in str(record)
        assert record["raw_inputs"] is None  # off by default
        answer = response.json()
        if kind in ("image", "images", "upload"):
            assert record["route"].startswith("/v1/image-classification")
            assert (record["model"], record["version"]) == (answer["model"], answer["version"])
            inputs = record["inputs"]
            assert inputs["kind"] == "images"
            assert inputs["count"] == len(payload)
            assert inputs["sizes"] == [len(i) for i in payload]
            assert inputs["sha256"] == [hashlib.sha256(i).hexdigest() for i in payload]
            items = record["outputs"]["items"]
            assert [i["top"] for i in items] == [r["predictions"] for r in answer["results"]]
            assert set(record["timings"]) == set(answer["timings"])
        if kind == "embed":
            assert record["inputs"]["tokens"] == [d["tokens"] for d in answer["data"]]
            assert record["inputs"]["sizes"] == [len(t.encode()) for t in payload]
            summary = record["outputs"]["embeddings"]
            assert (summary["count"], summary["dimension"]) == (2, 384)
            assert summary["norms"] == pytest.approx([1.0, 1.0], abs=1e-4)
        if kind == "zero":
            assert record["inputs"]["labels"] == 3
            assert record["inputs"]["tokens"] == [r["tokens"] for r in answer["results"]]
            tops = [item["top"][0]["label"] for item in record["outputs"]["items"]]
            assert tops == [r["predictions"][0]["label"] for r in answer["results"]]
        if kind == "v2":
            assert record["route"] == "/v2/models/{model}/versions/{version}/infer"
            assert (record["model"], record["version"]) == ("digits", "2")
            assert record["inputs"]["tensors"] == ["pixels:FP32[1, 8, 8]"]
            assert record["outputs"]["total_bytes"] > 0
        if kind == "bad":
            assert record["status"] == 422
            problem = record["problem"]
            assert problem["type"] == answer["type"]
            assert problem["errors"] == answer["errors"]
            assert problem["errors"][0]["loc"] == ["body", "images", 1]
            assert record["outputs"] is None
        if kind == "unknown":
            assert record["status"] == 404
            assert record["model"] is None
            assert record["problem"]["type"].endswith("/model-not-found")


def test_a_label_with_a_nul_is_stored_too(client: TestClient) -> None:
    """PostgreSQL's jsonb refuses NUL characters: the record is kept, the NUL replaced."""
    request_id = f"nul-{_id()}"
    body = {"model": "minilm", "texts": ["a b"], "labels": ["x\x00y", "z"]}
    assert _post(client, "/v1/text-classification", request_id, json=body).status_code == 200
    record = wait_for(client, [request_id], HEADERS)[request_id]
    labels = {label["label"] for label in record["outputs"]["items"][0]["top"]}
    assert labels == {"x\ufffdy", "z"}
    assert_problem(client.get("/v1/predictions", params={"model": "a\x00"}, headers=HEADERS), 422)


def test_only_inference_requests_are_recorded(
    client: TestClient, sent: dict[str, tuple[Any, Any]]
) -> None:
    wait_for(client, sent, HEADERS)
    client.get("/v1/models", headers=HEADERS)
    client.get("/healthz")
    routes = {r["route"] for r in all_records(client, HEADERS)}
    assert routes <= {
        "/v1/image-classification",
        "/v1/image-classification/upload",
        "/v1/embeddings",
        "/v1/text-classification",
        "/v2/models/{model}/infer",
        "/v2/models/{model}/versions/{version}/infer",
    }


def test_filters_and_cursor_pages(client: TestClient, sent: dict[str, tuple[Any, Any]]) -> None:
    wait_for(client, sent, HEADERS)
    every = all_records(client, HEADERS)
    assert len(every) == len({r["request_id"] for r in every})
    times = [r["time"] for r in every]
    assert times == sorted(times, reverse=True)  # most recent first
    pages: list[Any] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/predictions", params=params, headers=HEADERS).json()
        assert len(page["items"]) <= 2
        pages += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    assert pages == every
    digits = all_records(client, HEADERS, model="digits")
    assert digits
    assert all(r["model"] == "digits" for r in digits)
    v1 = all_records(client, HEADERS, model="digits", version="1")
    assert {r["request_id"].split("-")[0] for r in v1} == {"images"}
    assert [r["status"] for r in all_records(client, HEADERS, status=422)] == [422]
    uploads = all_records(client, HEADERS, route="/v1/image-classification/upload")
    assert [r["request_id"].split("-")[0] for r in uploads] == ["upload"]
    newest = every[0]["time"]
    assert all_records(client, HEADERS, since=newest)[-1]["time"] == newest
    assert newest not in [r["time"] for r in all_records(client, HEADERS, until=newest)]


def test_one_record_by_request_id(client: TestClient, sent: dict[str, tuple[Any, Any]]) -> None:
    records = wait_for(client, sent, HEADERS)
    request_id = next(iter(sent))
    response = client.get(f"/v1/predictions/{request_id}", headers=HEADERS)
    assert response.status_code == 200
    assert response.json() == records[request_id]
    assert_problem(client.get("/v1/predictions/never-sent", headers=HEADERS), 404, "not-found")


def test_stats(client: TestClient, sent: dict[str, tuple[Any, Any]]) -> None:
    wait_for(client, sent, HEADERS)
    records = all_records(client, HEADERS)
    response = client.get("/v1/predictions/stats", headers=HEADERS)
    assert response.status_code == 200, response.text
    stats = response.json()
    assert stats["total"] == len(records)
    assert sum(c["count"] for c in stats["counts"]) == len(records)
    client_errors = sum(1 for r in records if 400 <= r["status"] < 500)
    assert stats["errors"]["client_errors"] == client_errors
    assert stats["errors"]["client_error_share"] == pytest.approx(client_errors / len(records))
    overall = stats["latency"][0]
    assert (overall["model"], overall["count"]) == (None, len(records))
    ordered = sorted(r["latency_ms"] for r in records)
    assert overall["p50_ms"] == ordered[(len(ordered) * 50 + 99) // 100 - 1]
    assert overall["p99_ms"] == ordered[-1]
    assert overall["p50_ms"] <= overall["p95_ms"] <= overall["p99_ms"]
    tops = [i["top"][0]["label"] for r in records for i in (r["outputs"] or {}).get("items", [])]
    labelled = {(c["model"], c["label"]): c["count"] for c in stats["labels"]}
    assert sum(labelled.values()) == len(tops)
    assert sum(p["count"] for p in stats["timeline"]) == len(records)
    digits_only = client.get("/v1/predictions/stats", params={"model": "digits"}, headers=HEADERS)
    assert {c["model"] for c in digits_only.json()["counts"]} == {"digits"}


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"limit": 1001}, ["query", "limit"]),
        ({"limit": 0}, ["query", "limit"]),
        ({"cursor": "garbage"}, ["query", "cursor"]),
        ({"since": "2030-01-01T00:00:00Z", "until": "2020-01-01T00:00:00Z"}, ["query", "since"]),
        ({"since": "yesterday"}, ["query", "since"]),
        ({"status": 42}, ["query", "status"]),
    ],
)
def test_bad_queries_are_422_problems(
    client: TestClient, params: dict[str, Any], where: list[str]
) -> None:
    problem = assert_problem(client.get("/v1/predictions", params=params, headers=HEADERS), 422)
    assert where in [e["loc"] for e in problem["errors"]]


@pytest.mark.parametrize("path", ["/v1/predictions", "/v1/predictions/stats"])
def test_a_filter_given_twice_is_a_422_problem_not_the_last_value(
    client: TestClient, path: str
) -> None:
    params = {"model": ["digits", "minilm"], "version": "1"}
    problem = assert_problem(client.get(path, params=params, headers=HEADERS), 422)
    assert [e["loc"] for e in problem["errors"]] == [["query", "model"]]


def test_the_log_needs_the_api_key(client: TestClient) -> None:
    for path in ("/v1/predictions", "/v1/predictions/stats", "/v1/predictions/x"):
        assert_problem(client.get(path), 401, "unauthorized")


def test_readiness_reports_the_log(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["prediction_log"]["state"] == "ok"
    assert body["prediction_log"]["dropped"] == 0
