"""Prometheus metrics by route, model, version and status."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from tests.digit_images import b64, held_out, render


def _samples(gateway: TestClient) -> dict[str, list[tuple[dict[str, str], float]]]:
    response = gateway.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def _count(samples: dict[str, list[tuple[dict[str, str], float]]], **labels: str) -> float:
    return sum(
        value
        for sample_labels, value in samples.get("inferstack_gateway_requests_total", [])
        if all(sample_labels.get(k) == v for k, v in labels.items())
    )


def test_requests_are_counted_by_route_model_version_status(gateway: TestClient) -> None:
    route = "/v1/image-classification"
    before = _samples(gateway)
    image = b64(render(held_out().images[0]))
    assert gateway.post(route, json={"images": [{"data": image}], "version": "1"}).is_success
    assert gateway.post(route, json={"images": [{"data": image}], "model": "x"}).status_code == 404
    after = _samples(gateway)

    ok = {"route": route, "model": "digits", "version": "1", "status": "200"}
    # Labels come from the catalog only: a name it does not hold adds no series of its own.
    missing = {"route": route, "model": "", "status": "404"}
    assert _count(after, **ok) == _count(before, **ok) + 1
    assert _count(after, **missing) == _count(before, **missing) + 1
    triton = [
        labels
        for labels, _ in after["inferstack_gateway_triton_request_duration_seconds_count"]
        if labels["model"] == "digits" and labels["outcome"] == "ok"
    ]
    assert triton, "Triton call latency must be recorded"
    assert "inferstack_gateway_requests_in_flight" in after
    assert "inferstack_gateway_request_duration_seconds_bucket" in after


def test_unmatched_paths_do_not_create_label_values(gateway: TestClient) -> None:
    assert gateway.get("/no/such/path/123").status_code == 404
    samples = _samples(gateway)
    routes = {labels["route"] for labels, _ in samples["inferstack_gateway_requests_total"]}
    assert "/no/such/path/123" not in routes
    assert "unmatched" in routes


def _series(gateway: TestClient) -> set[str]:
    text = gateway.get("/metrics").text
    return {line.rsplit(" ", 1)[0] for line in text.splitlines() if line.startswith("inferstack_")}


def _made_up_requests(gateway: TestClient, n: int) -> None:
    """Every way a request can name a model, a version or a path, each with a made-up value:
    bodies, form fields, path parameters (incl. version digits), unmatched paths, methods."""
    name, digits = f"m{n}x{n * 7919}", str(1000 + n)
    image = {"data": b64(render(held_out().images[0]))}
    gateway.post("/v1/embeddings", json={"model": name, "input": "x"})
    gateway.post("/v1/embeddings", json={"input": "x", "version": digits})
    gateway.post("/v1/text-classification", json={"model": name, "texts": ["a"], "labels": ["b"]})
    gateway.post("/v1/image-classification", json={"model": name, "images": [image]})
    gateway.post("/v1/image-classification", json={"images": [image], "version": digits})
    gateway.post(
        "/v1/image-classification/upload", files={"files": ("a.png", b"x")}, data={"model": name}
    )
    gateway.get(f"/v1/models/{name}")
    gateway.get(f"/v2/models/{name}")
    gateway.get(f"/v2/models/digits/versions/{digits}")
    gateway.get(f"/v2/models/{name}/versions/{digits}/ready")
    gateway.post(f"/v2/models/{name}/infer", json={"inputs": []})
    gateway.post(f"/v2/models/digits/versions/{digits}/infer", json={"inputs": []})
    gateway.get(f"/problems/{name}")
    gateway.get(f"/{name}/{digits}")
    gateway.request(f"X{name.upper()}", "/healthz")


def test_made_up_names_do_not_grow_metrics(gateway: TestClient) -> None:
    """Label values come from the catalog and from fixed sets only: 50 rounds of made-up model
    names, versions, paths and methods add no series after the first."""
    _made_up_requests(gateway, 0)
    before = _series(gateway)
    for n in range(1, 51):
        _made_up_requests(gateway, n)
    grown = _series(gateway) - before
    assert not grown, sorted(grown)[:5]
    labels = "\n".join(before)
    assert "m1x" not in labels
    assert "1001" not in labels


def test_head_is_labelled_as_head(gateway: TestClient) -> None:
    before = _count(_samples(gateway), route="/healthz", method="HEAD")
    assert gateway.head("/healthz").status_code == 200
    assert _count(_samples(gateway), route="/healthz", method="HEAD") == before + 1
