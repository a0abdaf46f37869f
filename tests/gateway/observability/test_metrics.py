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
