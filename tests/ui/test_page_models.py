"""The Models page, run by AppTest against the real gateway and Triton."""

from __future__ import annotations

import json

from streamlit.testing.v1.element_tree import PageLink

from inferstack_tools.launcher.gateway import GatewayServer
from tests.ui.conftest import chart_rows, elements, open_page, records, texts


def test_digits_and_minilm_with_their_versions_cards_shapes_and_limits(
    live: GatewayServer,
) -> None:
    at = open_page("models")
    assert not at.exception
    assert not at.error, texts(at.error)
    assert texts(at.subheader) == ["digits", "minilm"]
    tables = [records(table) for table in at.table]
    versions = tables[0]
    assert [row["version"] for row in versions] == ["1", "2", "3"]
    assert all(row["ready"] for row in versions)
    assert [row["version"] for row in versions if row["default"]] == ["3"]
    assert [row["input"] for row in versions] == [
        "8x8 (optdigits)",
        "8x8 (optdigits)",
        "28x28 (mnist)",
    ]
    assert "task: **image-classification**" in texts(at.caption)
    metrics = {m.label: m.value for m in at.metric[:3]}  # digits' card comes first
    assert (metrics["Default version"], metrics["Versions ready"]) == ("3", "3 of 3")

    # The model card per version, as a table and a chart on a 0-1 axis.
    card = {row["figure"]: row for t in tables for row in t if "figure" in row}
    assert (card["held-out accuracy"]["version 1"], card["held-out accuracy"]["version 2"]) == (
        "96.7%",
        "99.4%",
    )
    assert card["held-out shifted accuracy"]["version 1"] == "27.8%"
    assert card["algorithm"]["version 1"].startswith("StandardScaler + LogisticRegression")
    assert card["algorithm"]["version 3"].startswith("CNN")
    (chart,) = at.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["encoding"]["x"]["scale"]["domain"] == [0, 1]
    shares = {(row["version"], row["figure"]): row["value"] for row in chart_rows(chart)}
    assert shares[("version 2", "held-out shifted accuracy")] == 0.975

    # Defect 3: only the first -1 of a batching model is the batch. The versions' grids differ
    # in size (the versions table says each one's), so the model's are variable.
    shapes = {row["name"]: row["shape"] for t in tables for row in t if "shape" in row}
    assert shapes["pixels"] == "[batch, any, any]"
    assert shapes["probabilities"] == "[batch, 10]"
    assert shapes["input_ids"] == "[batch, tokens (≤ 256)]"
    assert shapes["attention_mask"] == "[batch, tokens (≤ 256)]"
    assert shapes["embedding"] == "[batch, 384]"

    # Limits in units a person reads.
    limits = {row["limit"]: row["at most"] for t in tables for row in t if "at most" in row}
    assert limits["Request body"] == "20 MiB (20,971,520 bytes)"
    assert limits["Pixels per image"] == "16 megapixels (16,000,000 pixels)"
    assert limits["Images per request"] == "64"
    assert limits["Characters per text"] == "20,000 characters"
    assert any("`7`" in t for t in texts(at.markdown)), "labels are listed"


def test_each_model_links_to_the_page_that_tries_it(live: GatewayServer) -> None:
    at = open_page("models")
    links = elements(at, "page_link", PageLink)
    assert [link.value for link in links] == ["Try it", "Try it"]
    targets = [(link.proto.page, link.proto.query_string) for link in links]
    assert targets == [("", "model=digits"), ("text", "model=minilm")], (
        "Classify is the default page, at the app's root"
    )
