"""Every page of the UI, run by Streamlit's AppTest against the real gateway (and real Triton)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from inferstack_tools.launcher.gateway import GatewayServer
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
    assert any("version **3**" in t for t in texts(at.caption)), "the default version answers"
    # What the model saw: the gateway's 28x28 input for each classified image.
    seen = [i for i in at.get("image") if 'caption: "What the model saw (28x28)"' in str(i.proto)]
    assert len(seen) == 3


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


def test_models_page_lists_digits_with_every_version(live: GatewayServer) -> None:
    at = open_page("models")
    assert not at.exception
    assert not at.error, texts(at.error)
    assert "digits" in texts(at.subheader)
    versions = records(at.dataframe[0])
    assert [row["version"] for row in versions] == ["1", "2", "3"]
    assert all(row["ready"] for row in versions)
    assert [row["version"] for row in versions if row["default"]] == ["3"]
    assert "task: **image-classification**" in texts(at.caption)
    metrics = {m.label: m.value for m in at.metric[:3]}  # digits' card comes first
    assert (metrics["Default version"], metrics["Versions ready"]) == ("3", "3 of 3")
    assert "minilm" in texts(at.subheader)
    assert "task: **embeddings**" in texts(at.caption)
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
    assert {row["version"] for row in ok} == {"3"}
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
    assert models[0]["ready versions"] == "1, 2, 3"
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


def chart_rows(chart: Any) -> list[dict[str, Any]]:
    """The rows of a chart's data (Arrow IPC, inline or as its first named dataset)."""
    data = chart.proto.data.data or chart.proto.datasets[0].data.data
    rows: list[dict[str, Any]] = convert_arrow_bytes_to_pandas_df(data).to_dict("records")
    return rows


def test_text_page_classifies_texts_zero_shot(live: GatewayServer) -> None:
    at = open_page("text")
    assert not at.exception
    assert not at.error, texts(at.error)
    assert texts(at.title) == ["Text"]
    assert at.selectbox(key="text-model").value == "minilm"
    assert at.text_input(key="text-zs-template").placeholder == "This text is about {}."

    at.text_area(key="text-zs-texts").input(
        "The team won the match in overtime\n\nParliament passed the new budget\n"
    )
    at.text_input(key="text-zs-labels").input("sports, politics")
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    assert not texts(at.error) + texts(at.warning)
    tops = [t for t in texts(at.markdown) if t.startswith("### Top label: ")]
    assert tops == ["### Top label: sports", "### Top label: politics"]
    assert any("model **minilm** version **1**" in t for t in texts(at.caption))
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2, "one bar chart per text"
    for chart in charts:
        scores = {row["label"]: row["probability"] for row in chart_rows(chart)}
        assert set(scores) == {"sports", "politics"}
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-4)
    names = [m.label for m in at.metric]
    assert names == ["Pre-processing", "Inference", "Post-processing", "Round trip"]


def test_text_page_shows_a_similarity_heatmap(live: GatewayServer) -> None:
    at = open_page("text")
    sentences = ["A cat sits on the mat.", "A kitten rests on a rug.", "Stocks fell sharply today."]
    at.text_area(key="text-sim-sentences").input("\n".join(sentences)).run()
    at.button(key="text-sim-run").click().run()
    assert not at.exception
    assert not texts(at.error) + texts(at.warning)
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert [
        layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        for layer in spec["layer"]
    ] == ["rect", "text"], "coloured cells with their values"
    cells = chart_rows(chart)
    assert len(cells) == 9, "3 x 3"
    value = {(c["row"], c["column"]): c["similarity"] for c in cells}
    labels = [f"{i + 1}. {s}" for i, s in enumerate(sentences)]
    assert {row for row, _ in value} == set(labels)
    for label in labels:
        assert value[(label, label)] == pytest.approx(1.0, abs=1e-3)
    for a in labels:
        for b in labels:
            assert value[(a, b)] == pytest.approx(value[(b, a)], abs=1e-6)
    assert value[(labels[0], labels[1])] > value[(labels[0], labels[2])], "cat ~ kitten"
    tokens = records(at.dataframe[0])
    assert [row["sentence"] for row in tokens] == sentences
    assert all(row["tokens"] > 2 and not row["truncated"] for row in tokens)


@pytest.mark.parametrize(
    ("texts_input", "labels_input", "message"),
    [
        ("The team won the match in overtime", " , ", "at least one candidate label"),
        ("  \n ", "sports, politics", "at least one text"),
    ],
)
def test_text_page_asks_for_what_is_missing(
    live: GatewayServer, texts_input: str, labels_input: str, message: str
) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input(texts_input)
    at.text_input(key="text-zs-labels").input(labels_input)
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    assert any(message in t for t in texts(at.warning)), texts(at.warning)
    assert not at.get("vega_lite_chart")


def test_text_page_heatmap_needs_two_to_ten_sentences(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-sim-sentences").input("Only one sentence.")
    at.button(key="text-sim-run").click().run()
    assert not at.exception
    assert any("Enter 2 to 10 sentences" in t for t in texts(at.warning)), texts(at.warning)
    assert not at.get("vega_lite_chart")


def test_text_page_shows_the_gateways_refusal(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input("Some text")
    at.text_input(key="text-zs-labels").input("sports, sports")
    at.text_input(key="text-zs-template").input("no placeholder here")
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    warnings = texts(at.warning)
    assert any("Could not classify the texts" in t and "HTTP 422" in t for t in warnings), warnings
