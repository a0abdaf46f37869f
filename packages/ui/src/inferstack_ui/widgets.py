"""Streamlit pieces the pages share: the page frame, error messages, model pickers, bars, what
the model saw, timings and "Use via API"."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st
from PIL import Image

from inferstack_client.models import ModelInfo, ModelList, Timings
from inferstack_sdk import Gateway, GatewayError, ImageResult, Upload
from inferstack_ui import catalog as cat
from inferstack_ui.bars import bars_html
from inferstack_ui.connection import get_connection, get_probes
from inferstack_ui.formatting import ms
from inferstack_ui.snippets import docs_url

T = TypeVar("T")

FLOW = "UI → gateway → Triton"
#: The query parameter a "Try it" link sets to pick a model on the page it opens.
MODEL_QUERY = "model"


def intro(title: str, text: str) -> None:
    """The page's frame: its title and what it does, then the gateway's health in the sidebar.

    The title comes first, so a page shows what it is before anything waits on the gateway.
    """
    st.title(title, anchor=False)
    st.caption(text)
    sidebar_health()


def sidebar_health() -> None:
    """The gateway this UI talks to, whether it answers (cached for a few seconds), its docs."""
    connection = get_connection()
    gateway = connection.gateway
    with st.sidebar:
        st.markdown("**Gateway**")
        st.code(gateway.url, language=None)
        alive = connection.probes.liveness()
        if isinstance(alive, GatewayError):
            label = "No answer" if alive.kind == "timeout" else "Unreachable"
            st.error(label, icon=":material/cloud_off:")
        else:
            st.success("Reachable", icon=":material/cloud_done:")
        st.markdown(f"[API docs]({docs_url(gateway.url)})")
        st.caption(
            f"{FLOW}: this UI only shows things. The gateway does the pre- and "
            "post-processing; Triton runs the models."
        )


def show_error(error: GatewayError, what: str) -> None:
    """The gateway's refusal (4xx) as a warning, anything else as an error; faults as a list.

    A fault already said by the message is not repeated below it.
    """
    message = _plain(error.message)
    text = f"**{what}.** {message}"
    details = [_plain(d) for d in error.details]
    extra = [d for d in details if d.split(": ", 1)[-1] not in message]
    if extra:
        text += "\n\n" + "\n".join(f"- {detail}" for detail in extra)
    client_fault = error.status is not None and 400 <= error.status < 500
    if client_fault and error.kind != "unauthorized":
        st.warning(text, icon=":material/warning:")
    else:
        st.error(text, icon=":material/error:")


def _plain(text: str) -> str:
    """Without pydantic's "Value error, " prefix, which says nothing to a person."""
    return text.replace("Value error, ", "")


def load_catalog() -> ModelList:
    """The catalog (cached for a few seconds), or a message and the end of this page's run."""
    catalog = get_probes().catalog()
    if isinstance(catalog, GatewayError):
        show_error(catalog, "Could not read the model catalog")
        st.stop()
    return catalog


def pick_model(
    models: Sequence[ModelInfo], what: str, *, key: str, version: bool = True
) -> tuple[ModelInfo, cat.ModelChoice] | None:
    """Model and version selects among `models` (the catalog's models of one task, `what`).

    The choice outlives a page switch; a "Try it" link (`?model=NAME`) picks the model.
    """
    if not models:
        st.warning(f"The gateway serves no {what} model right now.")
        return None
    by_name = {model.name: model for model in models}
    wanted = st.query_params.get(MODEL_QUERY)
    if wanted in by_name:
        st.session_state[f"{key}-model"] = wanted
        del st.query_params[MODEL_QUERY]
    if st.session_state.get(f"{key}-model") not in by_name:
        st.session_state.pop(f"{key}-model", None)
    left, right = st.columns(2)
    name = left.selectbox("Model", list(by_name), key=f"{key}-model", persist_state="session")
    model = by_name[name or models[0].name]
    choice = cat.DEFAULT_VERSION
    if version:
        picked = right.selectbox(
            "Version",
            cat.version_choices(model),
            format_func=lambda option: cat.describe_version_choice(model, option),
            key=f"{key}-version-{model.name}",
            help="'default' lets the gateway choose: its configured default, else the latest "
            "ready.",
            persist_state="session",
        )
        choice = picked or cat.DEFAULT_VERSION
    return model, cat.ModelChoice(model.name, choice)


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


def preview(upload: Upload, *, width: int = 160) -> None:
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
    st.image(
        enlarged, caption=f"What the model saw ({grid.width}x{grid.height})", width=enlarged.width
    )


def probability_bars(scores: Sequence[tuple[str, float]], *, title: str | None = None) -> None:
    """The gateway's (label, probability) pairs as bars on a fixed 0-1 scale, in its order."""
    st.html(bars_html(scores, title=title))


def timing_metrics(timings: Timings, round_trip_ms: float) -> None:
    """Where one request's time went: the gateway's stages and the round trip measured here."""
    pre, infer, post, trip = st.columns(4)
    pre.metric("Pre-processing", ms(timings.preprocess_ms), help="In the gateway.")
    infer.metric("Inference", ms(timings.inference_ms), help="The Triton call, network included.")
    post.metric("Post-processing", ms(timings.postprocess_ms), help="In the gateway.")
    trip.metric(
        "Round trip",
        ms(round_trip_ms),
        help="Measured here: from sending the request to having the answer.",
    )


def use_via_api(gateway: Gateway, *, curl: str, python: str, key: str) -> None:
    """The current request as curl and as Python with the typed client, and the API docs."""
    with st.expander("Use via API", icon=":material/code:", key=f"{key}-api"):
        st.caption(
            "The same request, to send yourself. Files are named as you gave them; run it "
            "where they are."
            + (" The API key is read from INFERSTACK_API_KEY." if gateway.config.api_key else "")
        )
        curl_tab, python_tab = st.tabs(["curl", "Python (typed client)"])
        with curl_tab:
            st.code(curl, language="bash", wrap_lines=True)
        with python_tab:
            st.code(python, language="python")
            st.caption(
                "`pip install ./packages/client` installs the typed client, generated from the "
                "gateway's OpenAPI document."
            )
        docs = docs_url(gateway.url)
        st.markdown(f"Every route, with its schema: [{docs}]({docs})")
