"""The drawing canvas (streamlit-drawable-canvas, a Fabric.js component with its frontend bundled).

The browser draws black ink on white paper and hands back the canvas as a PNG file: those bytes are
sent to the gateway as they are, like an uploaded file.

The drawing outlives a page switch: the last drawing (its Fabric.js JSON and its PNG) is kept in
session state, and a canvas mounted on a new visit to the page starts from it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit_drawable_canvas import st_canvas  # type: ignore[import-untyped]

from inferstack_ui import visits

SIZE_PX = 280
STROKE_PX = 22


def draw_digit(*, key: str) -> bytes | None:
    """The PNG the browser made of the canvas, or None while nothing is drawn."""
    saved: tuple[dict[str, Any], bytes] | None = st.session_state.get(f"{key}:saved")
    visit = visits.current()
    if st.session_state.get(f"{key}:visit") != visit:  # mounted afresh: start from the saved one
        st.session_state[f"{key}:visit"] = visit
        st.session_state[f"{key}:initial"] = saved[0] if saved else None
    initial: dict[str, Any] | None = st.session_state.get(f"{key}:initial")
    drawing: Any = st_canvas(
        stroke_width=STROKE_PX,
        stroke_color="#000000",
        background_color="#FFFFFF",
        height=SIZE_PX,
        width=SIZE_PX,
        drawing_mode="freedraw",
        initial_drawing=initial,
        return_image_data=True,
        key=key,
    )
    json_data = drawing.json_data
    objects = json_data.get("objects") if isinstance(json_data, dict) else None
    if not objects:  # nothing drawn, or cleared on the canvas: nothing to keep
        st.session_state.pop(f"{key}:saved", None)
        return None
    png = drawing.image_bytes
    if isinstance(png, bytes | bytearray) and png:
        st.session_state[f"{key}:saved"] = (json_data, bytes(png))
        return bytes(png)
    # Just remounted with the saved drawing: the browser has not sent a new picture yet.
    if saved is not None and initial is not None and objects == initial.get("objects"):
        return saved[1]
    return None
