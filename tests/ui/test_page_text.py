"""The Text page, run by AppTest against the real gateway and Triton."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import DownloadButton

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.examples import SIMILARITY, ZERO_SHOT
from inferstack_ui.text_input import BLOCKS
from tests.ui.conftest import bars, chart_rows, elements, open_page, records, texts


def tops(at: AppTest) -> list[str]:
    return [t for t in texts(at.markdown) if t.startswith("### Top label: ")]


def test_texts_are_classified_zero_shot_with_the_top_probability(live: GatewayServer) -> None:
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
    at.run()
    assert any("2 text(s) and 2 label(s) will be sent" in t for t in texts(at.caption))
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    assert not texts(at.error) + texts(at.warning)
    shown = bars(at)
    assert [labels[0][0] for labels in shown] == ["sports", "politics"]
    for labels, top in zip(shown, tops(at), strict=True):
        assert top == f"### Top label: {labels[0][0]} · {labels[0][1]:.1%}", "its probability"
        assert sum(p for _, p in labels) == pytest.approx(1.0, abs=1e-4)
    assert any("model **minilm** version **1**" in t for t in texts(at.caption))
    names = [m.label for m in at.metric]
    assert names == ["Pre-processing", "Inference", "Post-processing", "Round trip"]


def test_an_example_fills_the_inputs_in_one_click(live: GatewayServer) -> None:
    example = ZERO_SHOT[0]
    at = open_page("text")
    at.button_group(key="text-zs-example").set_value(example.title).run()
    assert at.text_area(key="text-zs-texts").value == "\n".join(example.texts)
    assert at.text_input(key="text-zs-labels").value == ", ".join(example.labels)
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    assert [t.split(" · ")[0] for t in tops(at)] == [
        "### Top label: sports",
        "### Top label: politics",
        "### Top label: technology",
    ]


def test_a_text_with_line_breaks_stays_one_text_when_asked(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input("First line of one text\nsecond line of it\n\nAnother")
    at.text_input(key="text-zs-labels").input("a, b")
    at.run()
    assert any("3 text(s)" in t for t in texts(at.caption)), "each line is a text: said, not silent"
    at.button_group(key="text-zs-mode").set_value(BLOCKS).run()
    assert any("2 text(s)" in t for t in texts(at.caption))
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    assert len(tops(at)) == 2
    assert any("First line of one text  \nsecond line of it" in t for t in texts(at.markdown))


def test_old_results_go_when_the_inputs_change(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input("The team won the match")
    at.text_input(key="text-zs-labels").input("sports, politics")
    at.button(key="text-zs-run").click().run()
    assert len(tops(at)) == 1
    at.text_area(key="text-zs-texts").input("Parliament passed the budget").run()
    assert not tops(at)
    assert any("The inputs changed" in t for t in texts(at.info))


@pytest.mark.parametrize(
    ("texts_input", "labels_input", "message"),
    [
        ("The team won the match in overtime", " , ", "at least one candidate label"),
        ("  \n ", "sports, politics", "at least one text"),
    ],
)
def test_the_page_asks_for_what_is_missing(
    live: GatewayServer, texts_input: str, labels_input: str, message: str
) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input(texts_input)
    at.text_input(key="text-zs-labels").input(labels_input)
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    assert any(message in t for t in texts(at.warning)), texts(at.warning)
    assert not bars(at)


def test_a_refusal_is_said_once_and_counts_from_one(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input("Some text")
    at.text_input(key="text-zs-labels").input("sports, politics, sports")
    at.text_input(key="text-zs-template").input("no placeholder here")
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    (warning,) = texts(at.warning)
    assert "Could not classify the texts" in warning
    assert "HTTP 422" in warning
    assert warning.count("hypothesis_template") == 1, warning
    assert "Value error" not in warning

    at.text_input(key="text-zs-template").input("").run()
    at.button(key="text-zs-run").click().run()
    (warning,) = texts(at.warning)
    assert "label 3: repeats label 1" in warning, warning
    assert "label 0" not in warning


def test_sentences_as_a_numbered_heatmap_with_nearest_and_downloads(live: GatewayServer) -> None:
    at = open_page("text")
    sentences = ["A cat sits on the mat.", "A kitten rests on a rug.", "Stocks fell sharply today."]
    at.text_area(key="text-sim-sentences").input("\n".join(sentences)).run()
    at.button(key="text-sim-run").click().run()
    assert not at.exception
    assert not texts(at.error) + texts(at.warning)
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    layers = [
        layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        for layer in spec["layer"]
    ]
    assert layers == ["rect", "text"], "coloured cells with their values"
    # Defect 8: numbered axes, every number shown upright, the sentences in the tooltip.
    for axis in ("x", "y"):
        encoding = spec["encoding"][axis]
        assert encoding["sort"] == [1, 2, 3]
        assert encoding["axis"]["labelOverlap"] is False
        assert encoding["axis"]["labelAngle"] == 0
    cells = chart_rows(chart)
    assert len(cells) == 9, "3 x 3"
    value = {(c["row"], c["column"]): c["similarity"] for c in cells}
    assert {c["row sentence"] for c in cells} == set(sentences)
    for n in (1, 2, 3):
        assert value[(n, n)] == pytest.approx(1.0, abs=1e-3)
    assert value[(1, 2)] > value[(1, 3)], "cat ~ kitten"
    table, nearest = at.table
    rows = records(table)
    numbered = [(row["sentence #"], row["sentence"]) for row in rows]
    assert numbered == list(enumerate(sentences, start=1))
    assert all(row["tokens"] > 2 and row["truncated"] == "no" for row in rows)
    ranked = records(nearest)
    assert [row["sentence #"] for row in ranked] == [2, 3], "nearest to 1: the kitten first"
    assert [row["rank"] for row in ranked] == [1, 2]
    at.selectbox(key="text-sim-nearest").set_value(3).run()
    assert [row["rank"] for row in records(at.table[1])] == [1, 2]
    labels = [b.proto.label for b in elements(at, "download_button", DownloadButton)]
    assert labels == ["Embeddings (CSV)", "Embeddings (NumPy .npy)"]


def test_an_example_of_sentences_and_their_api_call(live: GatewayServer) -> None:
    title, sentences = SIMILARITY[0]
    at = open_page("text")
    at.button_group(key="text-sim-example").set_value(title).run()
    at.button(key="text-sim-run").click().run()
    assert not at.exception
    assert [row["sentence"] for row in records(at.table[0])] == list(sentences)
    curl = next(c for c in texts(at.code) if c.startswith("curl") and "/v1/embeddings" in c)
    assert sentences[0] in curl


def test_the_heatmap_needs_two_to_ten_sentences(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-sim-sentences").input("Only one sentence.")
    at.button(key="text-sim-run").click().run()
    assert not at.exception
    assert any("Enter 2 to 10 sentences" in t for t in texts(at.warning)), texts(at.warning)
    assert not at.get("vega_lite_chart")


def test_texts_outlive_a_page_switch(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input("The team won the match")
    at.text_input(key="text-zs-labels").input("sports, politics")
    at.button(key="text-zs-run").click().run()
    at.switch_page("app_pages/status.py").run()
    at.switch_page("app_pages/text.py").run()
    assert at.text_area(key="text-zs-texts").value == "The team won the match"
    assert at.text_input(key="text-zs-labels").value == "sports, politics"
    assert len(tops(at)) == 1


def test_text_page_says_when_no_label_fits(live: GatewayServer) -> None:
    at = open_page("text")
    at.text_area(key="text-zs-texts").input("The striker scored twice.")
    at.text_input(key="text-zs-labels").input("cooking recipes")
    at.checkbox(key="text-zs-multi").check()
    at.button(key="text-zs-run").click().run()
    assert not at.exception
    assert any("None of the labels fits" in t for t in texts(at.info)), texts(at.info)
    assert any("each label on its own" in t for t in texts(at.caption))
    ((label, probability),) = bars(at)[0]
    assert label == "cooking recipes"
    assert probability < 0.2  # not the softmax's 1.0
