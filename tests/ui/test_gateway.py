"""The UI's gateway: the sdk's, configured from UiSettings, its messages naming the UI_* settings.

The calls and the batch logic themselves are tested in tests/sdk.
"""

from __future__ import annotations

import socket

from inferstack_client.models import ModelList
from inferstack_sdk import Gateway, GatewayError, Upload, classify_files
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.classification import table_row, to_csv
from inferstack_ui.gateway import connect
from inferstack_ui.settings import UiSettings
from tests.conftest import TEST_API_KEY
from tests.digit_images import held_out, render

CORRUPT = Upload("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)


def gateway_at(url: str, **settings: object) -> Gateway:
    return connect(UiSettings.model_validate({"gateway_url": url, **settings}))


def digits(count: int) -> list[Upload]:
    data = held_out()
    return [Upload(f"d{i}-{data.labels[i]}.png", render(data.images[i])) for i in range(count)]


def test_the_settings_reach_the_gateway(gateway_server: GatewayServer) -> None:
    with gateway_at(gateway_server.url + "/", timeout_s=7) as gateway:
        assert gateway.url == gateway_server.url
        assert gateway.config.timeout_s == 7
        assert gateway.liveness() is True


def test_unreachable_gateway_is_a_message(closed_port_url: str) -> None:
    gateway = gateway_at(closed_port_url)
    outcome = gateway.catalog()
    assert isinstance(outcome, GatewayError)
    assert outcome.kind == "unreachable"
    assert outcome.message.startswith(f"The gateway at {closed_port_url} is unreachable")
    assert outcome.message.endswith(
        "Is it running? Start it with `./dev stack`, or point UI_GATEWAY_URL at it."
    )


def test_a_gateway_that_does_not_answer_is_a_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        gateway = gateway_at(url, timeout_s=0.6, probe_timeout_s=0.3)
        try:
            outcome = gateway.readiness()
            inference = gateway.classify(digits(1), model="digits")
        finally:
            gateway.close()
    assert isinstance(outcome, GatewayError)
    assert outcome.kind == "timeout"
    assert outcome.message.startswith(f"The gateway at {url} did not answer within 0.3 s")
    assert outcome.message.endswith("does not answer: is it overloaded or stuck?")
    assert isinstance(inference, GatewayError)
    assert inference.message.startswith(f"The gateway at {url} did not answer within 0.6 s")
    assert inference.message.endswith("(or raise UI_TIMEOUT_S).")


def test_health_and_catalog_calls_time_out_sooner_than_inference() -> None:
    settings = UiSettings()
    assert settings.probe_timeout_s <= 2 < settings.timeout_s
    with connect(settings) as gateway:
        assert gateway.config.probe_timeout_s == settings.probe_timeout_s


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
        assert gateway.client.get_httpx_client().headers["x-api-key"] == TEST_API_KEY
        assert isinstance(gateway.catalog(), ModelList), "sent as X-API-Key"
    finally:
        gateway.close()


def test_the_batch_table_and_csv_have_a_row_per_file(gateway_server: GatewayServer) -> None:
    uploads = digits(5)
    uploads.insert(2, CORRUPT)
    with gateway_at(gateway_server.url) as gateway:
        results = classify_files(
            gateway, uploads, model="digits", version="1", top_k=2, chunk_size=4
        )
    rows = [table_row(result) for result in results]
    assert [row["file"] for row in rows] == [u.name for u in uploads]
    assert [row["status"] for row in rows] == ["ok", "ok", "error", "ok", "ok", "ok"]
    assert rows[2]["label"] == rows[2]["version"] == ""
    assert "not a decodable image" in str(rows[2]["error"])
    assert rows[0]["version"] == "1"
    assert rows[0]["label"] == str(held_out().labels[0])

    lines = to_csv(results).decode().splitlines()
    assert lines[0] == "file,status,label,probability,model,version,error"
    assert len(lines) == 7
    assert lines[3].startswith("corrupt.png,error,,,,,")
    assert lines[1].startswith(f"d0-{held_out().labels[0]}.png,ok,{held_out().labels[0]},0.")
    assert lines[1].endswith(",digits,1,")
