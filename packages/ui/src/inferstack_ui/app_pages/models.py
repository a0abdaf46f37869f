"""Models: the catalog as the gateway reports it (read by the gateway from Triton), with each
model's card figures per version and a link to try it."""

from __future__ import annotations

import streamlit as st

from inferstack_client.models import Task
from inferstack_ui import catalog as cat
from inferstack_ui import charts, model_cards, widgets

#: The page that tries a model of each task.
TRY_PAGES = {
    Task.IMAGE_CLASSIFICATION: "app_pages/classify.py",
    Task.EMBEDDINGS: "app_pages/text.py",
}

widgets.intro(
    "Models",
    f"What Triton serves, as the gateway reports it ({widgets.FLOW}): every model, its versions "
    "and their state, its model card's figures, the tensors it takes and gives, and what one "
    "request may hold.",
)
catalog = widgets.load_catalog()
if not catalog.models:
    st.warning("The gateway reports no model: Triton serves none right now.")

for model in catalog.models:
    with st.container(border=True):
        heading, link = st.columns([4, 1], vertical_alignment="center")
        heading.subheader(model.name, anchor=False)
        page = TRY_PAGES.get(model.task) if model.task is not None else None
        if page is not None:
            link.page_link(
                page,
                label="Try it",
                icon=":material/play_arrow:",
                query_params={widgets.MODEL_QUERY: model.name},
            )
        st.caption(f"task: **{model.task or 'none the gateway knows'}**")
        ready = cat.ready_versions(model)
        default, versions, batch = st.columns(3)
        default.metric("Default version", model.default_version or "none ready")
        versions.metric("Versions ready", f"{len(ready)} of {len(model.versions)}")
        batch.metric("Max batch size", model.max_batch_size)

        st.markdown("**Versions**")
        st.table(cat.version_rows(model), hide_index=True)

        model_card = model_cards.card(model)
        if model_card.versions:
            st.markdown("**Model card, per version**")
            rows = model_card.share_rows()
            if rows:
                st.vega_lite_chart(
                    rows, charts.grouped_shares(group="figure", bar="version"), width="stretch"
                )
            st.table(model_card.figure_rows(), hide_index=True)
        if model_card.facts:
            st.table(
                [
                    {"card": key.replace("_", " "), "value": value}
                    for key, value in model_card.facts.items()
                ],
                hide_index=True,
            )

        inputs, outputs = st.columns(2)
        with inputs:
            st.markdown("**Inputs**")
            st.table(cat.tensor_rows(model, "inputs"), hide_index=True)
        with outputs:
            st.markdown("**Outputs**")
            st.table(cat.tensor_rows(model, "outputs"), hide_index=True)

        labels = cat.labels(model)
        st.markdown("**Labels**")
        if labels:
            st.markdown(" ".join(f"`{label}`" for label in labels))
        else:
            st.caption("This model reports no labels.")

        limits = cat.limit_rows(model)
        if limits:
            st.markdown("**Request limits** (what one request to this model may hold)")
            st.table(limits, hide_index=True)

        with st.expander("Configuration parameters"):
            parameters = cat.parameter_rows(model)
            if parameters:
                st.table(parameters, hide_index=True)
            else:
                st.caption("This model declares no other parameters.")
