"""Batch: many images (or .zip files of images) classified in chunks, one row per file."""

from __future__ import annotations

import streamlit as st

from inferstack_sdk import DEFAULT_CHUNK_SIZE
from inferstack_ui import widgets
from inferstack_ui.archive import IMAGE_TYPES, collect
from inferstack_ui.connection import get_gateway

widgets.intro(
    "Batch",
    f"Many files at once ({widgets.FLOW}): images, or .zip files of images, go to the gateway "
    f"unchanged, {DEFAULT_CHUNK_SIZE} per request. A file the gateway rejects gets its own "
    "reason; the rest of its request is sent again one by one.",
)
gateway = get_gateway()
catalog = widgets.load_catalog(gateway)
picked = widgets.pick_classifier(catalog, key="batch")
if picked is None:
    st.stop()
_, choice = picked

files = st.file_uploader(
    "Images (PNG, JPEG, GIF, BMP, WebP) or .zip files of images",
    type=[*IMAGE_TYPES, "zip"],
    accept_multiple_files=True,
    key="batch-files",
)
collected = widgets.remembered(  # unzip once per set of files, not on every rerun
    "batch-collected",
    [file.file_id for file in files or []],
    lambda: collect((file.name, file.getvalue()) for file in files or []),
)
if files:
    st.caption(
        f"{len(collected.uploads)} image(s) ready, {collected.total_bytes / 1024:.0f} KiB"
        + (f"; {len(collected.skipped)} entry(ies) skipped" if collected.skipped else "")
    )
if collected.skipped:
    with st.expander(f"Skipped: {len(collected.skipped)}"):
        st.dataframe(
            [{"entry": s.name, "reason": s.reason} for s in collected.skipped],
            hide_index=True,
            width="stretch",
        )

start = st.button(
    f"Classify {len(collected.uploads)} image(s)",
    type="primary",
    disabled=not collected.uploads,
    icon=":material/play_arrow:",
    key="batch-start",
)
if start:
    widgets.run_batch(gateway, collected.uploads, choice, key="batch")
widgets.show_batch_results(key="batch")
