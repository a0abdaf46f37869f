"""Classify: upload images, pick an example or draw a digit, and see what the gateway answers."""

from __future__ import annotations

from functools import partial

import streamlit as st

from inferstack_sdk import ImageResult, RequestLimits, Upload, classify_files
from inferstack_ui import catalog as cat
from inferstack_ui import classify_view, examples, kept, snippets, widgets
from inferstack_ui.archive import IMAGE_TYPES
from inferstack_ui.canvas import draw_digit
from inferstack_ui.connection import get_gateway
from inferstack_ui.limits_text import image_limits, upload_mb

widgets.intro(
    "Classify",
    "Your files go byte for byte from this page to the gateway, which decodes and prepares "
    f"them and asks Triton to run the model ({widgets.FLOW}). Below is what the gateway answers.",
)
gateway = get_gateway()
catalog = widgets.load_catalog()
picked = widgets.pick_model(cat.classifiers(catalog), "image-classification", key="classify")
if picked is None:
    st.stop()
model, choice = picked
labels = cat.labels(model)
ready = cat.ready_versions(model)
top_k_column, compare_column = st.columns([3, 2], vertical_alignment="bottom")
top_k = top_k_column.slider(
    "Top-k: how many labels the gateway returns per image",
    min_value=1,
    max_value=max(1, len(labels)) if labels else 10,
    value=min(3, len(labels)) if labels else 3,
    key="classify-top-k",
    persist_state="session",
)
compare = compare_column.toggle(
    "Compare versions side by side",
    key="classify-compare",
    disabled=len(ready) < 2,
    help=f"Send the same images to every ready version ({', '.join(ready)}) of {model.name}.",
    persist_state="session",
)
compare = compare and len(ready) > 1


def classify_and_show(uploads: list[Upload], *, key: str) -> None:
    """Send `uploads` (again only when they or the choices change) and show the answers."""
    truths = {d.name: d.truth for d in examples.DIGITS}

    def answers(version: str | None) -> list[ImageResult]:
        return widgets.remembered(
            f"{key}-v{version or 'default'}",
            (widgets.fingerprint(uploads), model.name, version, top_k),
            partial(
                classify_files,
                gateway,
                uploads,
                model=model.name,
                version=version,
                top_k=top_k,
                limits=RequestLimits.of(model),
                multipart=True,
                return_model_input=True,
            ),
        )

    if compare:
        with st.spinner(f"Asking versions {', '.join(ready)} ...", show_time=True):
            by_version = {version: answers(version) for version in ready}
        classify_view.show_comparison(uploads, by_version, truths=truths)
    else:
        with st.spinner("Asking the gateway ...", show_time=True):
            results = answers(choice.version)
        classify_view.show_requests(results)
        view = "Cards"
        if len(results) > 1:
            view = (
                st.segmented_control(
                    "View",
                    classify_view.VIEWS,
                    default="Cards",
                    key="classify-view",
                    persist_state="session",
                )
                or "Cards"
            )
        classify_view.show_results(results, view=view)
    request = snippets.ImageRequest(
        gateway.url,
        tuple(u.name for u in uploads),
        choice.model,
        choice.version,
        top_k,
        with_key=bool(gateway.config.api_key),
    )
    widgets.use_via_api(
        gateway,
        curl=snippets.curl_images(request),
        python=snippets.python_images(request),
        key=key,
    )


def use_example() -> None:
    title = st.session_state.get("classify-example")
    if title:
        kept.keep("classify-files", examples.digit_uploads(title), f"from the example {title!r}")


upload_tab, draw_tab = st.tabs(
    [":material/upload: Upload images", ":material/draw: Draw a digit"], key="classify-tab"
)

with upload_tab:
    st.pills(
        "Examples: held-out digits, and three shifted by one pixel (where version 1 fails)",
        [d.title for d in examples.DIGITS] + [examples.ALL_DIGITS],
        key="classify-example",
        on_change=use_example,
    )
    uploads = kept.file_input(
        "Image files (PNG, JPEG, GIF, BMP or WebP)",
        key="classify-files",
        types=IMAGE_TYPES,
        max_upload_mb=upload_mb(model),
        help=image_limits(model),
        resets=["classify-example"],
    )
    st.caption(image_limits(model))
    if not uploads:
        st.info("Upload one or more images, or pick an example.", icon=":material/upload:")
    else:
        classify_and_show(uploads, key="classify-uploads")

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
        classify_and_show([Upload("drawing.png", png)], key="classify-drawing")
