"""The drawing canvas (streamlit-drawable-canvas, a Fabric.js component with its frontend bundled).

The browser draws black ink on white paper and hands back the canvas as a PNG file: those bytes are
sent to the gateway as they are, like an uploaded file.
"""

from __future__ import annotations

from typing import Any

from streamlit_drawable_canvas import st_canvas  # type: ignore[import-untyped]

SIZE_PX = 280
STROKE_PX = 22


def draw_digit(*, key: str) -> bytes | None:
    """The PNG the browser made of the canvas, or None while nothing is drawn."""
    drawing: Any = st_canvas(
        stroke_width=STROKE_PX,
        stroke_color="#000000",
        background_color="#FFFFFF",
        height=SIZE_PX,
        width=SIZE_PX,
        drawing_mode="freedraw",
        return_image_data=True,
        key=key,
    )
    json_data = drawing.json_data
    objects = json_data.get("objects") if isinstance(json_data, dict) else None
    if not objects:
        return None
    png = drawing.image_bytes
    return bytes(png) if isinstance(png, bytes | bytearray) and png else None
