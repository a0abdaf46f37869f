"""The Classify page, run by AppTest against the real gateway and Triton."""

from __future__ import annotations

from typing import Any

from inferstack_sdk import Classified, Gateway, GatewayConfig, Upload
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.examples import DIGITS
from tests.digit_images import held_out
from tests.ui.conftest import (
    bars,
    digit_png,
    open_page,
    records,
    route_count,
    texts,
)

CORRUPT = ("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"not really a png" * 8, "image/png")


def answer_order(gateway: GatewayServer, upload: Upload, version: str, top_k: int) -> list[str]:
    """The labels the gateway ranks for `upload`, asked directly."""
    with Gateway(GatewayConfig(gateway.url)) as client:
        answer = client.classify_uploads([upload], model="digits", version=version, top_k=top_k)
    assert isinstance(answer, Classified)
    return [p.label for p in answer.response.results[0].predictions]


def test_uploaded_digits_get_the_gateways_answer_with_timings_once(live: GatewayServer) -> None:
    at = open_page("classify")
    assert not at.exception
    assert not at.error, texts(at.error)
    assert texts(at.title) == ["Classify"]
    assert at.selectbox(key="classify-model").value == "digits"
    assert at.selectbox(key="classify-version-digits").options[0].startswith("default")
    assert at.slider(key="classify-top-k").value == 3

    uploads = [digit_png(i) for i in range(3)]
    at.file_uploader(key="classify-files").set_value(uploads).run()
    assert not at.exception
    labels = held_out().labels
    predictions = [t for t in texts(at.markdown) if t.startswith("### Prediction: ")]
    assert predictions == [f"### Prediction: {labels[i]}" for i in range(3)]
    assert [shown[0][0] for shown in bars(at)] == [str(labels[i]) for i in range(3)]
    # The three images went in one request: its timings once, not on every card.
    names = [m.label for m in at.metric]
    assert names == ["Pre-processing", "Inference", "Post-processing", "Round trip"]
    assert all(str(m.value).endswith(" ms") for m in at.metric)
    assert any("version **3**" in t and "3 image(s) in one request" in t for t in texts(at.caption))
    # What the model saw: the gateway's 28x28 input for each classified image, on its card.
    assert len(model_inputs(at, "28x28")) == 3

    at.file_uploader(key="classify-files").set_value([*uploads, CORRUPT]).run()
    assert not at.exception
    predictions = [t for t in texts(at.markdown) if t.startswith("### Prediction: ")]
    assert predictions == [f"### Prediction: {labels[i]}" for i in range(3)]
    # One file the gateway could not use: its own reason, the others unaffected.
    assert any("corrupt" not in t and "not a decodable image" in t for t in texts(at.error))
    # Refused as a whole, the request was sent again image by image: one timing row each.
    (requests,) = at.table
    assert [row["images"] for row in records(requests)] == [1, 1, 1]
    assert not at.metric


def test_the_bars_follow_each_answers_order(live: GatewayServer) -> None:
    """Defect 1: after a new answer, the bars are in its order, not the previous one's."""
    example = next(d for d in DIGITS if d.name == "five-shifted.png")
    upload = example.upload()
    first = answer_order(live, upload, "1", top_k=5)
    second = answer_order(live, upload, "2", top_k=5)
    assert first != second, "an image the two versions rank differently"

    at = open_page("classify")
    at.slider(key="classify-top-k").set_value(5)
    at.selectbox(key="classify-version-digits").set_value("1")
    at.file_uploader(key="classify-files").set_value((upload.name, upload.data, "image/png"))
    at.run()
    assert not at.exception
    (shown,) = bars(at)
    assert [label for label, _ in shown] == first
    assert texts(at.markdown).count(f"### Prediction: {first[0]}") == 1

    at.selectbox(key="classify-version-digits").set_value("2").run()
    (shown,) = bars(at)
    assert [label for label, _ in shown] == second
    assert f"### Prediction: {second[0]}" in texts(at.markdown)
    probabilities = [p for _, p in shown]
    assert probabilities == sorted(probabilities, reverse=True)


def test_uploads_go_as_files_within_the_catalogs_limits(live: GatewayServer) -> None:
    """Defect 7: the limits shown come from the catalog; images go through the multipart route."""
    at = open_page("classify")
    uploader = at.file_uploader(key="classify-files")
    assert uploader.proto.max_upload_size_mb == 19, "20 MiB a request, less the multipart overhead"
    assert any("requests up to 20 MiB" in t for t in texts(at.caption)), texts(at.caption)
    assert any("16 megapixels" in t for t in texts(at.caption))
    multipart = route_count(live, "/v1/image-classification/upload")
    json_route = route_count(live, "/v1/image-classification")
    uploader.set_value([digit_png(0), digit_png(1)]).run()
    assert not at.exception
    assert route_count(live, "/v1/image-classification/upload") == multipart + 1
    assert route_count(live, "/v1/image-classification") == json_route


def test_examples_and_the_versions_side_by_side(live: GatewayServer) -> None:
    at = open_page("classify")
    at.button_group(key="classify-example").set_value("All of them").run()
    assert not at.exception
    assert len([t for t in texts(at.markdown) if t.startswith("### Prediction: ")]) == len(DIGITS)
    assert any("from the example 'All of them'" in t for t in texts(at.caption))

    at.toggle(key="classify-compare").set_value(True).run()
    assert not at.exception
    table = {row["file"]: row for row in records(at.dataframe[0])}
    assert set(table) == {d.name for d in DIGITS}
    for example in DIGITS:
        row = table[example.name]
        assert row["it is"] == example.truth
        assert row["version 2"].startswith(f"{example.truth} ("), row
        assert row["version 3"].startswith(f"{example.truth} ("), row
        if example.shifted:  # the model card's story: version 1 fails on shifted digits
            assert not row["version 1"].startswith(f"{example.truth} ("), row
    assert len(bars(at)) == 3 * len(DIGITS), "each version's bars beside each image"
    # Beside each answer, what that version saw: 8x8 grids for versions 1 and 2, 28x28 for 3.
    assert len(model_inputs(at, "8x8")) == 2 * len(DIGITS)
    assert len(model_inputs(at, "28x28")) == len(DIGITS)


def test_many_images_as_a_gallery_or_a_table(live: GatewayServer) -> None:
    at = open_page("classify")
    at.file_uploader(key="classify-files").set_value([digit_png(i) for i in range(5)]).run()
    at.button_group(key="classify-view").set_value("Gallery").run()
    assert not at.exception
    assert len(at.get("imgs")) >= 5 or len(at.get("image")) >= 5
    labels = held_out().labels
    shown = [t for t in texts(at.markdown) if " · " in t and t.startswith("**")]
    assert [t.split("**")[1] for t in shown] == [str(labels[i]) for i in range(5)]

    at.button_group(key="classify-view").set_value("Table").run()
    rows = records(at.dataframe[0])
    assert [row["label"] for row in rows] == [str(labels[i]) for i in range(5)]
    assert all(str(row["image"]).startswith("data:image/png;base64,") for row in rows)


def test_use_via_api_gives_the_request_as_curl_and_python(live: GatewayServer) -> None:
    at = open_page("classify")
    at.selectbox(key="classify-version-digits").set_value("1")
    at.file_uploader(key="classify-files").set_value(digit_png(0)).run()
    code = texts(at.code)
    curl = next(c for c in code if c.startswith("curl"))
    assert f"{live.url}/v1/image-classification/upload" in curl
    assert f"files=@{digit_png(0)[0]}" in curl
    assert "version=1" in curl
    python = next(c for c in code if "classify_uploads.sync" in c)
    assert repr(digit_png(0)[0]) in python
    assert any(f"{live.url}/docs" in t for t in texts(at.markdown))


def test_uploads_and_choices_outlive_a_page_switch(live: GatewayServer) -> None:
    """Defect 5: going to another page and back keeps the files, the choices and the answers."""
    at = open_page("classify")
    at.selectbox(key="classify-version-digits").set_value("1")
    at.slider(key="classify-top-k").set_value(4)
    at.file_uploader(key="classify-files").set_value([digit_png(0), digit_png(1)]).run()
    before = [t for t in texts(at.markdown) if t.startswith("### Prediction: ")]
    assert len(before) == 2

    at.switch_page("app_pages/models.py").run()
    assert "digits" in texts(at.subheader)
    at.switch_page("app_pages/classify.py").run()
    assert not at.exception
    assert at.selectbox(key="classify-version-digits").value == "1"
    assert at.slider(key="classify-top-k").value == 4
    assert [t for t in texts(at.markdown) if t.startswith("### Prediction: ")] == before
    assert any("Using 2 file(s) uploaded earlier" in t for t in texts(at.caption))
    assert all(len(shown) == 4 for shown in bars(at))

    at.button(key="classify-files-clear").click().run()
    assert not [t for t in texts(at.markdown) if t.startswith("### Prediction: ")]


def test_a_try_it_link_picks_the_model(live: GatewayServer) -> None:
    at = open_page("classify")
    at.query_params["model"] = "digits"
    at.run()
    assert not at.exception
    assert at.selectbox(key="classify-model").value == "digits"
    assert "model" not in at.query_params


def model_inputs(at: Any, size: str) -> list[Any]:
    """The "what the model saw" images of that size on the page."""
    caption = f'caption: "What the model saw ({size})"'
    return [image for image in at.get("image") if caption in str(image.proto)]


def page_links(at: Any) -> list[Any]:
    return list(at.get("page_link"))
