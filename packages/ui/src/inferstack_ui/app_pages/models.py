"""Models: the catalog exactly as the gateway reports it (read by the gateway from Triton)."""

from __future__ import annotations

import streamlit as st

from inferstack_ui import catalog as cat
from inferstack_ui import widgets
from inferstack_ui.connection import get_gateway

widgets.intro(
    "Models",
    f"What Triton serves, as the gateway reports it ({widgets.FLOW}): every model, its versions "
    "and their state, the tensors it takes and gives, its labels and the facts its "
    "configuration declares.",
)
gateway = get_gateway()
catalog = widgets.load_catalog(gateway)
if not catalog.models:
    st.warning("The gateway reports no model: Triton serves none right now.")

for model in catalog.models:
    with st.container(border=True):
        st.subheader(model.name, anchor=False)
        st.caption(f"task: **{model.task or 'none the gateway knows'}**")
        ready = sum(1 for version in model.versions if version.ready)
        default, versions, batch = st.columns(3)
        default.metric("Default version", model.default_version or "none ready")
        versions.metric("Versions ready", f"{ready} of {len(model.versions)}")
        batch.metric("Max batch size", model.max_batch_size)

        st.markdown("**Versions**")
        st.dataframe(cat.version_rows(model), hide_index=True, width="stretch")

        inputs, outputs = st.columns(2)
        with inputs:
            st.markdown("**Inputs**")
            st.dataframe(cat.tensor_rows(model, "inputs"), hide_index=True, width="stretch")
        with outputs:
            st.markdown("**Outputs**")
            st.dataframe(cat.tensor_rows(model, "outputs"), hide_index=True, width="stretch")

        labels = cat.labels(model)
        st.markdown("**Labels**")
        if labels:
            st.markdown(" ".join(f"`{label}`" for label in labels))
        else:
            st.caption("This model reports no labels.")

        st.markdown("**Parameters** (model card facts and other configuration)")
        parameters = cat.parameter_rows(model)
        if parameters:
            st.dataframe(parameters, hide_index=True, width="stretch")
        else:
            st.caption("This model declares no parameters.")

        limits = cat.limit_rows(model)
        if limits:
            st.markdown("**Request limits** (what one request to this model may hold)")
            st.dataframe(limits, hide_index=True, width="stretch")
