"""How the Text page shows the gateway's answers: zero-shot labels per text, and the similarity
of sentences (heatmap, table, nearest sentences, downloads)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from inferstack_sdk import Embedded, TextsClassified
from inferstack_ui import charts, embeddings_export, widgets
from inferstack_ui.formatting import percent
from inferstack_ui.similarity import cosine_matrix, heatmap_cells, nearest


def show_classified(texts: Sequence[str], answer: TextsClassified) -> None:
    response = answer.response
    mode = "each label on its own" if response.mode == "multi_label" else "softmax across labels"
    st.caption(
        f"answered by model **{response.model}** version **{response.version}** · {mode} · "
        f"request `{response.request_id}` · {len(texts)} text(s) in one request"
    )
    widgets.timing_metrics(response.timings, answer.round_trip_ms)
    for result in sorted(response.results, key=lambda r: r.index):
        with st.container(border=True):
            st.markdown(f"**{result.index + 1}.** {_quoted(texts[result.index])}")
            best = result.predictions[0] if result.predictions else None
            if best is not None:
                st.markdown(f"### Top label: {best.label} · {percent(best.probability)}")
            if result.none_fits:
                st.info(
                    "None of the labels fits this text: every similarity is below "
                    f"{response.fit_threshold:g}.",
                    icon=":material/help:",
                )
            cut = " · cut at the model's maximum length" * result.truncated
            st.caption(f"{result.tokens} tokens{cut}")
            widgets.probability_bars([(p.label, p.probability) for p in result.predictions])


def show_similarity(sentences: Sequence[str], answer: Embedded, *, key: str) -> None:
    response = answer.response
    st.caption(
        f"answered by model **{response.model}** version **{response.version}** · "
        f"{response.usage.total_tokens} tokens in all · request `{response.request_id}`"
    )
    matrix = cosine_matrix(answer.vectors)
    st.vega_lite_chart(
        heatmap_cells(sentences, matrix), charts.heatmap(len(sentences)), width="stretch"
    )
    by_index = {item.index: item for item in response.data}
    st.table(
        [
            {
                "sentence #": i + 1,
                "sentence": sentence,
                "tokens": by_index[i].tokens,
                "truncated": "yes" if by_index[i].truncated else "no",
            }
            for i, sentence in enumerate(sentences)
        ],
        hide_index=True,
    )

    st.markdown("**Nearest sentences**")
    number = st.selectbox(
        "Nearest to sentence",
        list(range(1, len(sentences) + 1)),
        format_func=lambda n: f"{n}. {_short(sentences[n - 1])}",
        key=f"{key}-nearest",
    )
    index = (number or 1) - 1
    st.table(
        [
            {"rank": rank, "sentence #": j + 1, "sentence": sentences[j], "cosine": f"{value:.2f}"}
            for rank, (j, value) in enumerate(nearest(matrix, index), start=1)
        ],
        hide_index=True,
    )

    csv_column, npy_column = st.columns(2)
    csv_column.download_button(
        "Embeddings (CSV)",
        embeddings_export.to_csv(sentences, answer.vectors),
        file_name="inferstack-embeddings.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}-csv",
    )
    npy_column.download_button(
        "Embeddings (NumPy .npy)",
        embeddings_export.to_npy(answer.vectors),
        file_name="inferstack-embeddings.npy",
        mime="application/octet-stream",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}-npy",
    )
    widgets.timing_metrics(response.timings, answer.round_trip_ms)


def _quoted(text: str) -> str:
    return "  \n".join(text.splitlines())


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
