"""batch: every image its own result, through the real gateway, whatever its chunk-mates are."""

from __future__ import annotations

import pytest

from inferstack_sdk import (
    BatchClassifier,
    Gateway,
    GatewayConfig,
    classify_files,
)
from inferstack_sdk.batch import CANCELLED
from inferstack_tools.launcher.gateway import GatewayServer
from tests.digit_images import held_out
from tests.sdk.conftest import CORRUPT, digits


@pytest.fixture
def gateway(gateway_server: GatewayServer) -> Gateway:
    return Gateway(GatewayConfig(gateway_server.url))


def image_requests(gateway: Gateway) -> float:
    """How many image-classification requests the gateway has answered, from its /metrics."""
    text = gateway.metrics_text()
    assert isinstance(text, str)
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("inferstack_gateway_requests_total{")
        and 'route="/v1/image-classification"' in line
    )


def test_chunks_with_a_bad_file_give_every_file_its_own_status(gateway: Gateway) -> None:
    uploads = digits(5)
    uploads.insert(2, CORRUPT)
    progress: list[tuple[int, int]] = []
    with gateway:
        before = image_requests(gateway)
        results = classify_files(
            gateway,
            uploads,
            model="digits",
            version="1",
            top_k=2,
            chunk_size=4,
            progress=lambda done, total: progress.append((done, total)),
        )
        sent = image_requests(gateway) - before
    assert [r.upload.name for r in results] == [u.name for u in uploads]
    assert [r.status for r in results] == ["ok", "ok", "error", "ok", "ok", "ok"]
    assert "not a decodable image" in (results[2].reason or "")
    assert (results[2].reason_line or "").startswith("HTTP 422 (")
    labels = held_out().labels
    ok = [r for r in results if r.status == "ok"]
    assert [r.best.label if r.best else None for r in ok] == [str(labels[i]) for i in range(5)]
    assert all(r.answer is not None and r.answer.response.version == "1" for r in ok)
    assert all(r.version == "1" and r.model == "digits" for r in ok)
    assert all(len(r.predictions) == 2 for r in ok)
    assert all(r.reason is None and r.reason_line is None for r in ok)
    assert progress == [(4, 6), (6, 6)]
    # The first chunk (4, the bad one at 2) once, then its three good images one by one; the
    # second chunk (2) once.
    assert sent == 1 + 3 + 1


def test_too_many_images_for_one_request_go_one_by_one(gateway: Gateway) -> None:
    with gateway:
        results = BatchClassifier(gateway, model="digits", top_k=1).classify(
            digits(3) * 30,
            chunk_size=90,  # over the gateway's 64 images per request: 413
        )
    assert [r.status for r in results] == ["ok"] * 90


def test_an_unreachable_gateway_fails_the_rest_without_sending(closed_port_url: str) -> None:
    with Gateway(GatewayConfig(closed_port_url)) as gateway:
        batch = BatchClassifier(gateway, model="digits", top_k=1)
        results = batch.classify(digits(5), chunk_size=2)
    assert [r.status for r in results] == ["error"] * 5
    assert all("unreachable" in (r.reason or "") for r in results)
    assert (results[-1].reason or "").startswith("not sent: ")
    assert [r.sent for r in results] == [True, True, False, False, False]
    assert batch.stopped is not None
    assert batch.stopped.kind == "unreachable"
    assert (results[-1].reason_line or "").startswith("not sent: network error: ConnectError")


def test_a_refused_key_stops_the_batch(secured_gateway_server: GatewayServer) -> None:
    with Gateway(GatewayConfig(secured_gateway_server.url, api_key="wrong")) as gateway:
        results = classify_files(gateway, digits(3), model="digits", chunk_size=1)
    assert [(r.status, r.sent) for r in results] == [
        ("error", True),
        ("error", False),
        ("error", False),
    ]
    assert all("API key missing or wrong" in (r.reason or "") for r in results)


def test_a_request_level_refusal_fails_the_chunk_once(gateway: Gateway) -> None:
    with gateway:
        results = classify_files(gateway, digits(3), model="nope", chunk_size=3)
    assert [r.status for r in results] == ["error"] * 3
    assert all(r.sent and "nope" in (r.reason or "") for r in results)


def test_a_cancelled_batch_sends_nothing(gateway: Gateway) -> None:
    batch = BatchClassifier(gateway, model="digits")
    batch.cancel()
    with gateway:
        results = batch.classify_chunk(digits(2))
    assert [(r.error, r.sent) for r in results] == [(CANCELLED, False)] * 2
    assert results[0].reason == "not sent: the batch was cancelled"


def test_an_empty_batch_is_empty(gateway: Gateway) -> None:
    with gateway:
        assert BatchClassifier(gateway, model="digits").classify([]) == []
