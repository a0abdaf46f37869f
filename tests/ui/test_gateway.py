"""The UI's gateway calls: results, or messages for a person; chunks that fail file by file."""

from __future__ import annotations

import socket

from inferstack_client.models import ModelList
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.classification import classify_files, to_csv
from inferstack_ui.gateway import Gateway, GatewayError, Upload
from inferstack_ui.settings import UiSettings
from tests.conftest import TEST_API_KEY
from tests.digit_images import held_out, render

CORRUPT = Upload("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)


def gateway_at(url: str, **settings: object) -> Gateway:
    return Gateway(UiSettings.model_validate({"gateway_url": url, **settings}))


def digits(count: int) -> list[Upload]:
    data = held_out()
    return [Upload(f"d{i}-{data.labels[i]}.png", render(data.images[i])) for i in range(count)]


def test_catalog_and_health(gateway_server: GatewayServer) -> None:
    gateway = gateway_at(gateway_server.url)
    try:
        assert gateway.liveness() is True
        catalog = gateway.catalog()
        assert isinstance(catalog, ModelList)
        assert "digits" in [m.name for m in catalog.models]
        text = gateway.metrics_text()
        assert isinstance(text, str)
        assert "inferstack_gateway_requests_total" in text
    finally:
        gateway.close()


def test_unreachable_gateway_is_a_message(closed_port_url: str) -> None:
    gateway = gateway_at(closed_port_url)
    outcome = gateway.catalog()
    assert isinstance(outcome, GatewayError)
    assert outcome.kind == "unreachable"
    assert outcome.message.startswith(f"The gateway at {closed_port_url} is unreachable")


def test_a_gateway_that_does_not_answer_is_a_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        gateway = gateway_at(url, timeout_s=0.3)
        try:
            outcome = gateway.readiness()
        finally:
            gateway.close()
    assert isinstance(outcome, GatewayError)
    assert outcome.kind == "timeout"
    assert outcome.message.startswith(f"The gateway at {url} did not answer within 0.3 s")


def test_problem_details_name_the_bad_images(gateway_server: GatewayServer) -> None:
    gateway = gateway_at(gateway_server.url)
    try:
        outcome = gateway.classify([*digits(1), CORRUPT], model="digits", version=None, top_k=1)
        assert isinstance(outcome, GatewayError)
        assert outcome.status == 422
        assert set(outcome.per_image) == {1}
        assert any(d.startswith("image 2: ") for d in outcome.details)

        missing = gateway.classify(digits(1), model="nope", version=None, top_k=1)
        assert isinstance(missing, GatewayError)
        assert missing.status == 404
        assert "nope" in missing.message
    finally:
        gateway.close()


def test_a_missing_or_wrong_api_key_is_named(secured_gateway_server: GatewayServer) -> None:
    for key in (None, "wrong"):
        gateway = gateway_at(secured_gateway_server.url, api_key=key)
        try:
            outcome = gateway.catalog()
            assert isinstance(outcome, GatewayError)
            assert outcome.kind == "unauthorized"
            assert outcome.message.startswith("API key missing or wrong (set UI_API_KEY)")
        finally:
            gateway.close()
    gateway = gateway_at(secured_gateway_server.url, api_key=TEST_API_KEY)
    try:
        assert isinstance(gateway.catalog(), ModelList), "sent as X-API-Key"
    finally:
        gateway.close()


def test_chunks_with_a_bad_file_give_every_file_its_own_status(
    gateway_server: GatewayServer,
) -> None:
    gateway = gateway_at(gateway_server.url)
    uploads = digits(5)
    uploads.insert(2, CORRUPT)
    progress: list[tuple[int, int]] = []
    try:
        results = classify_files(
            gateway,
            uploads,
            model="digits",
            version="1",
            top_k=2,
            chunk_size=4,
            progress=lambda done, total: progress.append((done, total)),
        )
    finally:
        gateway.close()
    assert [r.upload.name for r in results] == [u.name for u in uploads]
    assert [r.status for r in results] == ["ok", "ok", "error", "ok", "ok", "ok"]
    assert "not a decodable image" in (results[2].error or "")
    labels = held_out().labels
    ok = [r for r in results if r.status == "ok"]
    assert [r.best.label if r.best else None for r in ok] == [str(labels[i]) for i in range(5)]
    assert all(r.answer is not None and r.answer.response.version == "1" for r in ok)
    assert all(len(r.predictions) == 2 for r in ok)
    assert progress == [(4, 6), (6, 6)]

    lines = to_csv(results).decode().splitlines()
    assert lines[0] == "file,status,label,probability,model,version,error"
    assert len(lines) == 7
    assert lines[3].startswith("corrupt.png,error,,,,,")


def test_an_unreachable_gateway_fails_the_rest_without_sending(closed_port_url: str) -> None:
    results = classify_files(
        gateway_at(closed_port_url), digits(5), model="digits", version=None, top_k=1, chunk_size=2
    )
    assert [r.status for r in results] == ["error"] * 5
    assert all("unreachable" in (r.error or "") for r in results)
    assert (results[-1].error or "").startswith("not sent: ")
