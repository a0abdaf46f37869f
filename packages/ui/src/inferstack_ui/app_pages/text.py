"""Text: zero-shot classification of texts and the similarity of sentences, both answered by the
gateway's sentence-embedding model."""

from __future__ import annotations

import attrs
import streamlit as st

from inferstack_client.models import Task, TextClassificationRequest
from inferstack_sdk import GatewayError
from inferstack_ui import examples, snippets, text_view, widgets
from inferstack_ui.connection import get_gateway
from inferstack_ui.text_input import MODES, split_labels, split_texts

#: The gateway's own default template, read from the contract, shown as the placeholder.
DEFAULT_TEMPLATE = str(attrs.fields(TextClassificationRequest).hypothesis_template.default)
MIN_SENTENCES, MAX_SENTENCES = 2, 10

widgets.intro(
    "Text",
    "Your texts go as they are from this page to the gateway, which tokenizes them and asks "
    f"Triton to embed them ({widgets.FLOW}); the gateway scores the labels. Below is what the "
    "gateway answers.",
)
gateway = get_gateway()
catalog = widgets.load_catalog()
picked = widgets.pick_model(
    [model for model in catalog.models if model.task == Task.EMBEDDINGS],
    "text-embedding",
    key="text",
)
if picked is None:
    st.stop()
_, choice = picked
with_key = bool(gateway.config.api_key)


def use_zero_shot_example() -> None:
    wanted = st.session_state.get("text-zs-example")
    example = next((e for e in examples.ZERO_SHOT if e.title == wanted), None)
    if example is not None:
        st.session_state["text-zs-mode"] = MODES[0]
        st.session_state["text-zs-texts"] = "\n".join(example.texts)
        st.session_state["text-zs-labels"] = ", ".join(example.labels)
        st.session_state["text-zs-template"] = example.template


def use_similarity_example() -> None:
    wanted = st.session_state.get("text-sim-example")
    sentences = next((s for title, s in examples.SIMILARITY if title == wanted), None)
    if sentences is not None:
        st.session_state["text-sim-mode"] = MODES[0]
        st.session_state["text-sim-sentences"] = "\n".join(sentences)


classify_tab, similarity_tab = st.tabs(
    [":material/label: Zero-shot classification", ":material/grid_on: Sentence similarity"],
    key="text-tab",
)

with classify_tab:
    st.caption(
        "The gateway puts every label into the hypothesis template, embeds it and the texts, and "
        "ranks the labels per text by similarity; the scores of one text sum to 1."
    )
    st.pills(
        "Examples",
        [e.title for e in examples.ZERO_SHOT],
        key="text-zs-example",
        on_change=use_zero_shot_example,
    )
    st.session_state.setdefault("text-zs-mode", MODES[0])
    mode = st.segmented_control(
        "Where one text ends", MODES, key="text-zs-mode", persist_state="session"
    )
    texts_input = st.text_area("Texts", key="text-zs-texts", persist_state="session")
    labels_input = st.text_input(
        "Candidate labels, comma-separated", key="text-zs-labels", persist_state="session"
    )
    template_input = st.text_input(
        "Hypothesis template (optional, `{}` stands for the label)",
        placeholder=DEFAULT_TEMPLATE,
        key="text-zs-template",
        persist_state="session",
    )
    multi_label = st.checkbox(
        "Labels may overlap (score each label on its own)", key="text-zs-multi"
    )
    texts = split_texts(texts_input, mode or MODES[0])
    labels = split_labels(labels_input)
    template = template_input.strip() or None
    st.caption(f"{len(texts)} text(s) and {len(labels)} label(s) will be sent.")
    inputs = (tuple(texts), tuple(labels), template, choice, multi_label)
    if st.button("Classify texts", key="text-zs-run", icon=":material/label:", type="primary"):
        if not texts:
            st.session_state.pop("text-zs-results", None)
            st.warning("Enter at least one text to classify.")
        elif not labels:
            st.session_state.pop("text-zs-results", None)
            st.warning("Enter at least one candidate label, separated by commas.")
        else:
            with st.spinner("Asking the gateway ...", show_time=True):
                outcome = gateway.classify_texts(
                    texts,
                    labels,
                    hypothesis_template=template,
                    model=choice.model,
                    version=choice.version,
                    multi_label=multi_label,
                )
            st.session_state["text-zs-results"] = (inputs, outcome)
    stored = st.session_state.get("text-zs-results")
    if stored is not None and stored[0] != inputs:
        st.info(
            "The inputs changed: press **Classify texts** to classify them.",
            icon=":material/edit:",
        )
    elif stored is not None:
        outcome = stored[1]
        if isinstance(outcome, GatewayError):
            widgets.show_error(outcome, "Could not classify the texts")
        else:
            text_view.show_classified(texts, outcome)
        request = snippets.TextRequest(
            gateway.url,
            tuple(texts),
            choice.model,
            choice.version,
            tuple(labels),
            template,
            with_key,
        )
        widgets.use_via_api(
            gateway,
            curl=snippets.curl_texts(request),
            python=snippets.python_texts(request),
            key="text-zs",
        )

with similarity_tab:
    st.caption(
        f"The gateway embeds {MIN_SENTENCES} to {MAX_SENTENCES} sentences in one request and "
        "returns unit-length vectors; each cell is the cosine similarity of two of them (their "
        "dot product, arranged here for display)."
    )
    st.pills(
        "Examples",
        [title for title, _ in examples.SIMILARITY],
        key="text-sim-example",
        on_change=use_similarity_example,
    )
    st.session_state.setdefault("text-sim-mode", MODES[0])
    sim_mode = st.segmented_control(
        "Where one sentence ends", MODES, key="text-sim-mode", persist_state="session"
    )
    sentences_input = st.text_area("Sentences", key="text-sim-sentences", persist_state="session")
    sentences = split_texts(sentences_input, sim_mode or MODES[0])
    st.caption(f"{len(sentences)} sentence(s) will be sent.")
    sim_inputs = (tuple(sentences), choice)
    compare_clicked = st.button(
        "Compare sentences", key="text-sim-run", icon=":material/grid_on:", type="primary"
    )
    if compare_clicked:
        if not MIN_SENTENCES <= len(sentences) <= MAX_SENTENCES:
            st.session_state.pop("text-sim-results", None)
            st.warning(
                f"Enter {MIN_SENTENCES} to {MAX_SENTENCES} sentences (there are {len(sentences)})."
            )
        else:
            with st.spinner("Asking the gateway ...", show_time=True):
                embedded = gateway.embed(sentences, model=choice.model, version=choice.version)
            st.session_state["text-sim-results"] = (sim_inputs, embedded)
    stored = st.session_state.get("text-sim-results")
    if stored is not None and stored[0] != sim_inputs:
        st.info(
            "The sentences changed: press **Compare sentences** to compare them.",
            icon=":material/edit:",
        )
    elif stored is not None:
        embedded = stored[1]
        if isinstance(embedded, GatewayError):
            widgets.show_error(embedded, "Could not embed the sentences")
        else:
            text_view.show_similarity(sentences, embedded, key="text-sim")
        request = snippets.TextRequest(
            gateway.url, tuple(sentences), choice.model, choice.version, with_key=with_key
        )
        widgets.use_via_api(
            gateway,
            curl=snippets.curl_texts(request),
            python=snippets.python_texts(request),
            key="text-sim",
        )
