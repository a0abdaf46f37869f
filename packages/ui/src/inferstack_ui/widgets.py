"""Streamlit pieces the pages share: the sidebar, error messages, model pickers and results."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st
from PIL import Image

from inferstack_client.models import ModelInfo, ModelList, Task, Timings
from inferstack_sdk import Gateway, GatewayError, ImageResult, Upload, classify_files
from inferstack_ui import catalog as cat
from inferstack_ui.classification import table_row, to_csv

T = TypeVar("T")

FLOW = "UI → gateway → Triton"


def sidebar(gateway: Gateway) -> None:
    """The gateway this UI talks to, and whether it answers right now."""
    with st.sidebar:
        st.markdown("**Gateway**")
        st.code(gateway.url, language=None)
        alive = gateway.liveness()
        if isinstance(alive, GatewayError):
            st.error("Unreachable", icon=":material/cloud_off:")
        else:
            st.success("Reachable", icon=":material/cloud_done:")
        st.caption(
            f"{FLOW}: this UI only shows things. The gateway does the pre- and "
            "post-processing; Triton runs the models."
        )


def intro(title: str, text: str) -> None:
    st.title(title)
    st.caption(text)


def show_error(error: GatewayError, what: str) -> None:
    """The gateway's refusal (4xx) as a warning, anything else as an error; faults as a list."""
    text = f"**{what}.** {error.message}"
    if error.details:
        text += "\n\n" + "\n".join(f"- {detail}" for detail in error.details)
    client_fault = error.status is not None and 400 <= error.status < 500
    if client_fault and error.kind != "unauthorized":
        st.warning(text, icon=":material/warning:")
    else:
        st.error(text, icon=":material/error:")


def load_catalog(gateway: Gateway) -> ModelList:
    """The catalog, or a message and the end of this page's run."""
    catalog = gateway.catalog()
    if isinstance(catalog, GatewayError):
        show_error(catalog, "Could not read the model catalog")
        st.stop()
    return catalog


def pick_classifier(catalog: ModelList, *, key: str) -> tuple[ModelInfo, cat.ModelChoice] | None:
    """Model and version selects for the models that classify images."""
    return pick_model(cat.classifiers(catalog), Task.IMAGE_CLASSIFICATION.value, key=key)


def pick_model(
    models: Sequence[ModelInfo], what: str, *, key: str
) -> tuple[ModelInfo, cat.ModelChoice] | None:
    """Model and version selects among `models` (the catalog's models of one task, `what`)."""
    if not models:
        st.warning(f"The gateway serves no {what} model right now.")
        return None
    by_name = {model.name: model for model in models}
    left, right = st.columns(2)
    name = left.selectbox("Model", list(by_name), key=f"{key}-model")
    model = by_name[name or models[0].name]
    version = right.selectbox(
        "Version",
        cat.version_choices(model),
        format_func=lambda choice: cat.describe_version_choice(model, choice),
        key=f"{key}-version-{model.name}",
        help="'default' lets the gateway choose: its configured default, else the latest ready.",
    )
    return model, cat.ModelChoice(model.name, version or cat.DEFAULT_VERSION)


def remembered(key: str, inputs: object, compute: Callable[[], T]) -> T:
    """`compute()`, reused while `inputs` stay the same, so a rerun does not resend anything."""
    fingerprint = hashlib.sha256(repr(inputs).encode()).hexdigest()
    stored = st.session_state.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == fingerprint:
        value: T = stored[1]
        return value
    value = compute()
    st.session_state[key] = (fingerprint, value)
    return value


def fingerprint(uploads: Sequence[Upload]) -> tuple[tuple[str, str], ...]:
    return tuple((u.name, hashlib.sha256(u.data).hexdigest()) for u in uploads)


def preview(upload: Upload, *, width: int = 180) -> None:
    """The user's file as the browser shows it (display only; nothing is sent from here)."""
    try:
        st.image(upload.data, caption=upload.name, width=width)
    except Exception:  # a file the browser preview cannot show is still sent as it is
        st.caption(f"{upload.name} (no preview)")


def model_input(result: ImageResult, *, width: int = 112) -> None:
    """What the model read for this image, as the gateway returned it: its input grid (8x8 or
    28x28) enlarged without smoothing, the ink light on black as the model sees it."""
    if result.model_input is None:
        return
    try:
        grid = Image.open(io.BytesIO(result.model_input))
        grid.load()
    except Exception:  # not an image after all: nothing to show
        return
    scale = max(1, width // max(grid.size))
    enlarged = grid.resize((grid.width * scale, grid.height * scale), Image.Resampling.NEAREST)
    st.image(enlarged, caption=f"What the model saw ({grid.width}x{grid.height})")


def classify_and_show(
    gateway: Gateway,
    uploads: Sequence[Upload],
    choice: cat.ModelChoice,
    top_k: int,
    *,
    key: str,
) -> None:
    """Send `uploads` (again only when they, the model choice or top-k changed) and show each."""
    results = remembered(
        f"{key}-results",
        (fingerprint(uploads), choice, top_k),
        lambda: classify_files(
            gateway,
            uploads,
            model=choice.model,
            version=choice.version,
            top_k=top_k,
            return_model_input=True,
        ),
    )
    for result in results:
        show_result(result)


def show_result(result: ImageResult) -> None:
    """One file: its picture, the gateway's top-k as bars, who answered, where the time went."""
    with st.container(border=True):
        left, right = st.columns([1, 3], gap="large")
        with left:
            preview(result.upload)
            model_input(result)
        with right:
            if result.status != "ok" or result.answer is None or result.best is None:
                st.error(f"**Not classified.** {result.reason}", icon=":material/error:")
                return
            best = result.best
            response = result.answer.response
            st.markdown(f"### Prediction: {best.label}")
            st.caption(
                f"probability {best.probability:.1%} · answered by model **{response.model}** "
                f"version **{response.version}**"
            )
            probability_bars([(p.label, p.probability) for p in result.predictions])
            timing_metrics(response.timings, result.answer.round_trip_ms)
            carried = len(response.results)
            shared = f" · timings of the one request that carried {carried} images" * (carried > 1)
            st.caption(f"request `{response.request_id}`{shared}")


def probability_bars(scores: Sequence[tuple[str, float]]) -> None:
    """The gateway's (label, probability) pairs as horizontal bars, in the gateway's order."""
    st.bar_chart(
        [{"label": label, "probability": probability} for label, probability in scores],
        x="label",
        y="probability",
        horizontal=True,
        sort=False,
        x_label="",
        y_label="probability",
        height=60 + 28 * len(scores),
    )


def timing_metrics(timings: Timings, round_trip_ms: float) -> None:
    """Where the time went: the gateway's stages and the round trip measured here."""
    pre, infer, post, trip = st.columns(4)
    pre.metric("Pre-processing", _ms(timings.preprocess_ms), help="In the gateway.")
    infer.metric("Inference", _ms(timings.inference_ms), help="The Triton call, network included.")
    post.metric("Post-processing", _ms(timings.postprocess_ms), help="In the gateway.")
    trip.metric(
        "Round trip",
        _ms(round_trip_ms),
        help="Measured here: from sending the request to having the answer.",
    )


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def run_batch(
    gateway: Gateway, uploads: Sequence[Upload], choice: cat.ModelChoice, *, key: str
) -> None:
    """Classify `uploads` in chunks under a progress bar; keep the results for later runs."""
    bar = st.progress(0.0, text="Sending to the gateway ...")

    def advance(done: int, total: int) -> None:
        bar.progress(done / total, text=f"Classified {done} of {total}")

    results = classify_files(
        gateway, uploads, model=choice.model, version=choice.version, top_k=1, progress=advance
    )
    bar.empty()
    what = f"{len(uploads)} image(s), model {choice.model}, version {choice.version_choice}"
    st.session_state[f"{key}-results"] = (what, results)


def show_batch_results(*, key: str) -> None:
    """The last batch: counts, one row per file, a CSV download and the failures with reasons."""
    stored = st.session_state.get(f"{key}-results")
    if not stored:
        return
    what, results = stored
    ok = sum(1 for result in results if result.status == "ok")
    failed = len(results) - ok
    st.caption(f"Last run: {what}")
    files_col, ok_col, failed_col = st.columns(3)
    files_col.metric("Files", len(results))
    ok_col.metric("Classified", ok)
    failed_col.metric("Failed", failed)
    st.dataframe(
        [table_row(result) for result in results],
        hide_index=True,
        width="stretch",
        column_config={
            "probability": st.column_config.ProgressColumn(
                "probability", min_value=0.0, max_value=1.0, format="percent"
            ),
            "error": st.column_config.TextColumn("error", width="large"),
        },
    )
    st.download_button(
        "Download results (CSV)",
        to_csv(results),
        file_name=f"inferstack-{key}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )
    if failed:
        st.warning(
            f"**{failed} file(s) failed:**\n\n"
            + "\n".join(f"- `{r.upload.name}`: {r.reason}" for r in results if r.status != "ok"),
            icon=":material/warning:",
        )
