"""Text: zero-shot classification of texts and a similarity heatmap of sentences, both answered
by the gateway's sentence-embedding model."""

from __future__ import annotations

import attrs
import streamlit as st

from inferstack_client.models import Task, TextClassificationRequest
from inferstack_sdk import Embedded, GatewayError, TextsClassified
from inferstack_ui import widgets
from inferstack_ui.connection import get_gateway
from inferstack_ui.similarity import cosine_matrix, heatmap_cells

#: The catalog task of the models that embed text (and so classify it zero-shot).
#: The gateway's own default template, read from the contract, shown as the placeholder.
DEFAULT_TEMPLATE = str(attrs.fields(TextClassificationRequest).hypothesis_template.default)
MIN_SENTENCES, MAX_SENTENCES = 2, 10
LABEL_CHARS = 40

widgets.intro(
    "Text",
    "Your texts go as they are from this page to the gateway, which tokenizes them and asks "
    f"Triton to embed them ({widgets.FLOW}); the gateway scores the labels. Below is what the "
    "gateway answers.",
)
gateway = get_gateway()
catalog = widgets.load_catalog(gateway)
picked = widgets.pick_model(
    [model for model in catalog.models if model.task == Task.EMBEDDINGS],
    "text-embedding",
    key="text",
)
if picked is None:
    st.stop()
_, choice = picked


def lines(text: str) -> list[str]:
    """The non-blank lines of a text area, stripped: one text each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _show_classified(texts: list[str], answer: TextsClassified) -> None:
    response = answer.response
    mode = "each label on its own" if response.mode == "multi_label" else "softmax across labels"
    st.caption(
        f"answered by model **{response.model}** version **{response.version}** · {mode} · "
        f"request `{response.request_id}`"
    )
    for result in sorted(response.results, key=lambda r: r.index):
        with st.container(border=True):
            best = result.predictions[0] if result.predictions else None
            st.markdown(f"**{texts[result.index]}**")
            if best is not None:
                st.markdown(f"### Top label: {best.label}")
            if result.none_fits:
                st.info(
                    "None of the labels fits this text: every similarity is below "
                    f"{response.fit_threshold:g}.",
                    icon=":material/help:",
                )
            cut = " · cut at the model's maximum length" * result.truncated
            st.caption(f"{result.tokens} tokens{cut}")
            widgets.probability_bars([(p.label, p.probability) for p in result.predictions])
    widgets.timing_metrics(response.timings, answer.round_trip_ms)


def _show_heatmap(sentences: list[str], answer: Embedded) -> None:
    response = answer.response
    st.caption(
        f"answered by model **{response.model}** version **{response.version}** · "
        f"{response.usage.total_tokens} tokens in all · request `{response.request_id}`"
    )
    # Numbered so that equal sentences stay apart and long ones fit beside the axis.
    labels = [
        f"{i + 1}. {s if len(s) <= LABEL_CHARS else s[: LABEL_CHARS - 1] + '…'}"
        for i, s in enumerate(sentences)
    ]
    matrix = cosine_matrix(answer.vectors)
    order = {"sort": labels, "title": None}
    st.vega_lite_chart(
        heatmap_cells(labels, matrix),
        {
            "height": 40 * len(labels) + 40,
            "encoding": {
                "x": {"field": "column", "type": "nominal", **order, "axis": {"labelAngle": -30}},
                "y": {"field": "row", "type": "nominal", **order},
            },
            "layer": [
                {
                    "mark": "rect",
                    "encoding": {
                        "color": {
                            "field": "similarity",
                            "type": "quantitative",
                            "scale": {"domain": [-1, 1], "scheme": "redblue", "reverse": True},
                            "title": "cosine",
                        },
                        "tooltip": [
                            {"field": "row", "type": "nominal"},
                            {"field": "column", "type": "nominal"},
                            {"field": "similarity", "type": "quantitative", "format": ".3f"},
                        ],
                    },
                },
                {
                    "mark": {"type": "text", "fontSize": 12},
                    "encoding": {
                        "text": {"field": "similarity", "type": "quantitative", "format": ".2f"},
                        "color": {
                            "condition": {"test": "abs(datum.similarity) > 0.6", "value": "white"},
                            "value": "black",
                        },
                    },
                },
            ],
        },
        width="stretch",
    )
    st.dataframe(
        [
            {"sentence": sentences[item.index], "tokens": item.tokens, "truncated": item.truncated}
            for item in sorted(response.data, key=lambda item: item.index)
        ],
        hide_index=True,
        width="stretch",
    )
    widgets.timing_metrics(response.timings, answer.round_trip_ms)


classify_tab, similarity_tab = st.tabs(
    [":material/label: Zero-shot classification", ":material/grid_on: Similarity heatmap"]
)

with classify_tab:
    st.caption(
        "The gateway puts every label into the hypothesis template, embeds it and the texts, and "
        "ranks the labels per text by similarity; the scores of one text sum to 1, unless "
        "labels may overlap, when each label is scored on its own."
    )
    texts_input = st.text_area("Texts, one per line", key="text-zs-texts")
    labels_input = st.text_input("Candidate labels, comma-separated", key="text-zs-labels")
    template_input = st.text_input(
        "Hypothesis template (optional, `{}` stands for the label)",
        placeholder=DEFAULT_TEMPLATE,
        key="text-zs-template",
    )
    multi_label = st.checkbox(
        "Labels may overlap (score each label on its own)", key="text-zs-multi"
    )
    if st.button("Classify texts", key="text-zs-run", icon=":material/label:"):
        texts = lines(texts_input)
        labels = [label.strip() for label in labels_input.split(",") if label.strip()]
        if not texts:
            st.session_state.pop("text-zs-results", None)
            st.warning("Enter at least one text to classify, one per line.")
        elif not labels:
            st.session_state.pop("text-zs-results", None)
            st.warning("Enter at least one candidate label, separated by commas.")
        else:
            with st.spinner("Asking the gateway ..."):
                outcome = gateway.classify_texts(
                    texts,
                    labels,
                    hypothesis_template=template_input.strip() or None,
                    model=choice.model,
                    version=choice.version,
                    multi_label=multi_label,
                )
            st.session_state["text-zs-results"] = (texts, outcome)
    stored = st.session_state.get("text-zs-results")
    if stored is not None:
        sent, outcome = stored
        if isinstance(outcome, GatewayError):
            widgets.show_error(outcome, "Could not classify the texts")
        else:
            _show_classified(sent, outcome)

with similarity_tab:
    st.caption(
        f"The gateway embeds {MIN_SENTENCES} to {MAX_SENTENCES} sentences in one request and "
        "returns unit-length vectors; each cell is the cosine similarity of two of them (their "
        "dot product, arranged here for display)."
    )
    sentences_input = st.text_area("Sentences, one per line", key="text-sim-sentences")
    if st.button("Compare sentences", key="text-sim-run", icon=":material/grid_on:"):
        sentences = lines(sentences_input)
        if not MIN_SENTENCES <= len(sentences) <= MAX_SENTENCES:
            st.session_state.pop("text-sim-results", None)
            st.warning(
                f"Enter {MIN_SENTENCES} to {MAX_SENTENCES} sentences, one per line "
                f"(there are {len(sentences)})."
            )
        else:
            with st.spinner("Asking the gateway ..."):
                embedded = gateway.embed(sentences, model=choice.model, version=choice.version)
            st.session_state["text-sim-results"] = (sentences, embedded)
    stored = st.session_state.get("text-sim-results")
    if stored is not None:
        sent, embedded = stored
        if isinstance(embedded, GatewayError):
            widgets.show_error(embedded, "Could not embed the sentences")
        else:
            _show_heatmap(sent, embedded)
