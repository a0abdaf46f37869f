"""Every page of the UI, run by Streamlit's AppTest against the real gateway (and real Triton)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from inferstack_tools.gateway import GatewayServer
from tests.digit_images import held_out
from tests.ui.conftest import PAGES, digit_png, open_page, zip_of

CORRUPT = ("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"not really a png" * 8, "image/png")


@pytest.fixture
def live(gateway_server: GatewayServer, monkeypatch: pytest.MonkeyPatch) -> GatewayServer:
    monkeypatch.setenv("UI_GATEWAY_URL", gateway_server.url)
    return gateway_server


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def records(frame: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = frame.value.to_dict("records")
    return rows


def test_classify_shows_the_gateways_answer_for_uploaded_digits(live: GatewayServer) -> None:
    at = open_page("classify")
    assert not at.exception
    assert not at.error, texts(at.error)
    assert texts(at.title) == ["Classify"]
    assert at.selectbox(key="classify-model").value == "digits"
    assert at.selectbox(key="classify-version-digits").options[0].startswith("default")
    assert at.slider(key="classify-top-k").value == 3

    uploads = [digit_png(i) for i in range(3)]
    at.file_uploader(key="classify-files").set_value([*uploads, CORRUPT]).run()

    assert not at.exception
    labels = held_out().labels
    predictions = [t for t in texts(at.markdown) if t.startswith("### Prediction: ")]
    assert predictions == [f"### Prediction: {labels[i]}" for i in range(3)]
    # One file the gateway could not use: its own reason, the others unaffected.
    assert any("corrupt" not in t and "not a decodable image" in t for t in texts(at.error))
    # The latency split, as metrics, for each classified image.
    names = [m.label for m in at.metric]
    for stage in ("Pre-processing", "Inference", "Post-processing", "Round trip"):
        assert names.count(stage) == 3
    assert all(str(m.value).endswith(" ms") for m in at.metric)
    assert any("version **2**" in t for t in texts(at.caption)), "the default version answers"


def test_classify_sends_the_chosen_version_and_top_k(live: GatewayServer) -> None:
    at = open_page("classify")
    at.selectbox(key="classify-version-digits").set_value("1")
    at.slider(key="classify-top-k").set_value(5)
    at.file_uploader(key="classify-files").set_value(digit_png(0)).run()
    assert not at.exception
    assert any("model **digits** version **1**" in t for t in texts(at.caption))
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["sort"] is None, "bars keep the gateway's order"
    table = chart.proto.datasets[0].data.data  # Arrow IPC; its pandas metadata gives the rows
    assert b'"stop": 5' in table, "top-k 5: five bars"


def test_models_page_lists_digits_with_both_versions(live: GatewayServer) -> None:
    at = open_page("models")
    assert not at.exception
    assert not at.error, texts(at.error)
    assert "digits" in texts(at.subheader)
    versions = records(at.dataframe[0])
    assert [row["version"] for row in versions] == ["1", "2"]
    assert all(row["ready"] for row in versions)
    assert [row["version"] for row in versions if row["default"]] == ["2"]
    assert "task: **image-classification**" in texts(at.caption)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Default version"], metrics["Versions ready"]) == ("2", "2 of 2")
    inputs, outputs = records(at.dataframe[1]), records(at.dataframe[2])
    assert inputs[0]["datatype"] == "FP32"
    assert outputs[0]["shape"] == "[batch, 10]"
    assert any("`7`" in t for t in texts(at.markdown)), "labels are listed"
    parameters = records(at.dataframe[3])
    assert {"parameter": "task", "value": "image-classification"} in parameters


def test_batch_gives_every_file_its_own_status(live: GatewayServer) -> None:
    at = open_page("batch")
    assert not at.exception
    start = at.button(key="batch-start")
    assert start.disabled, "nothing to classify yet"

    labels = held_out().labels
    zipped = zip_of(
        {
            "scans/": b"",
            "scans/a-3.png": digit_png(3)[1],
            "scans/b-4.png": digit_png(4)[1],
            "scans/readme.txt": b"not an image",
        }
    )
    files = [digit_png(0), CORRUPT, digit_png(1), ("scans.zip", zipped, "application/zip")]
    at.file_uploader(key="batch-files").set_value(files).run()
    assert not at.exception
    assert any("1 entry(ies) skipped" in t for t in texts(at.caption))
    skipped = records(at.dataframe[0])
    assert skipped == [{"entry": "scans.zip/scans/readme.txt", "reason": "not an image file name"}]

    at.button(key="batch-start").click().run()
    assert not at.exception
    table = {row["file"]: row for row in records(at.dataframe[1])}
    assert set(table) == {
        digit_png(0)[0],
        "corrupt.png",
        digit_png(1)[0],
        "scans.zip/scans/a-3.png",
        "scans.zip/scans/b-4.png",
    }
    assert table["corrupt.png"]["status"] == "error"
    assert "not a decodable image" in table["corrupt.png"]["error"]
    ok = [row for row in table.values() if row["status"] == "ok"]
    assert len(ok) == 4
    assert table[digit_png(0)[0]]["label"] == str(labels[0])
    assert table["scans.zip/scans/a-3.png"]["label"] == str(labels[3])
    assert {row["version"] for row in ok} == {"2"}
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Files"], metrics["Classified"], metrics["Failed"]) == ("5", "4", "1")
    assert any("corrupt.png" in t for t in texts(at.warning)), "failures are listed"
    assert len(at.get("download_button")) == 1


def test_status_page_shows_ready(live: GatewayServer) -> None:
    at = open_page("status")
    assert not at.exception
    assert not at.error, texts(at.error)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gateway"] == "live"
    assert metrics["Readiness"] == "ready"
    assert metrics["Triton"] == "ready"
    assert int(metrics["Requests"]) > 0
    assert metrics["Mean Triton latency"].endswith(" ms") or metrics["Mean Triton latency"] == "n/a"
    models = records(at.dataframe[0])
    assert models[0]["model"] == "digits"
    assert models[0]["ready versions"] == "1, 2"
    at.button(key="status-refresh").click().run()
    assert not at.exception


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_when_the_gateway_is_down(
    page: str, closed_port_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UI_GATEWAY_URL", closed_port_url)
    at = open_page(page)
    assert not at.exception
    errors = texts(at.error)
    assert any(f"The gateway at {closed_port_url} is unreachable" in t for t in errors), errors
    sidebar = [str(e.value) for e in at.sidebar.error]
    assert sidebar == ["Unreachable"]
    assert closed_port_url in [str(c.value) for c in at.sidebar.code]


def test_invalid_settings_are_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UI_TIMEOUT_S", "soon")
    at = open_page("status")
    assert not at.exception
    assert any("UI_TIMEOUT_S" in t for t in texts(at.error)), texts(at.error)


def test_a_wrong_api_key_is_named(
    secured_gateway_server: GatewayServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UI_GATEWAY_URL", secured_gateway_server.url)
    monkeypatch.setenv("UI_API_KEY", "not-the-key")
    at = open_page("models")
    assert not at.exception
    assert any("API key missing or wrong (set UI_API_KEY)" in t for t in texts(at.error))
