"""Classify: upload images or draw a digit, and see what the gateway answers for each."""

from __future__ import annotations

import streamlit as st

from inferstack_sdk import Upload
from inferstack_ui import catalog as cat
from inferstack_ui import widgets
from inferstack_ui.archive import IMAGE_TYPES
from inferstack_ui.canvas import draw_digit
from inferstack_ui.connection import get_gateway

widgets.intro(
    "Classify",
    "Your files go byte for byte from this page to the gateway, which decodes and prepares "
    f"them and asks Triton to run the model ({widgets.FLOW}). Below is what the gateway answers.",
)
gateway = get_gateway()
catalog = widgets.load_catalog(gateway)

picked = widgets.pick_classifier(catalog, key="classify")
if picked is None:
    st.stop()
model, choice = picked
labels = cat.labels(model)
top_k = st.slider(
    "Top-k: how many labels the gateway returns per image",
    min_value=1,
    max_value=max(1, len(labels)) if labels else 10,
    value=min(3, len(labels)) if labels else 3,
    key="classify-top-k",
)

upload_tab, draw_tab = st.tabs([":material/upload: Upload images", ":material/draw: Draw a digit"])

with upload_tab:
    files = st.file_uploader(
        "Image files (PNG, JPEG, GIF, BMP or WebP)",
        type=list(IMAGE_TYPES),
        accept_multiple_files=True,
        key="classify-files",
    )
    uploads = [Upload(file.name, file.getvalue()) for file in files or []]
    if not uploads:
        st.info("Upload one or more images to classify them.", icon=":material/upload:")
    else:
        widgets.classify_and_show(gateway, uploads, choice, top_k, key="classify-uploads")

with draw_tab:
    st.caption(
        "Draw one digit, large, in the middle: black ink on white paper. The browser makes a PNG "
        "of the canvas and every finished stroke sends it to the gateway again."
    )
    st.space("small")  # room for the canvas's toolbar, which floats above it
    png = draw_digit(key="classify-canvas")
    if png is None:
        st.info("Draw a digit on the canvas to classify it.", icon=":material/draw:")
    else:
        drawing = [Upload("drawing.png", png)]
        widgets.classify_and_show(gateway, drawing, choice, top_k, key="classify-drawing")
