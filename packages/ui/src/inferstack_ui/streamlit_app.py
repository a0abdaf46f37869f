"""The inferstack UI: `streamlit run packages/ui/src/inferstack_ui/streamlit_app.py`.

Pages live in `app_pages/`; what they compute lives in plain modules beside this file. The UI
talks only to the gateway (UI_GATEWAY_URL), only through the generated client.

Not `pages/`: a folder of that name beside the entry script makes Streamlit (1.67) run a fresh
server's first session in the legacy multipage mode, so a first visit straight to, say, /status
would run that page alone, without this script's sidebar, page config and navigation.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from inferstack_ui import widgets
from inferstack_ui.connection import get_gateway

PAGES = Path(__file__).resolve().parent / "app_pages"

st.set_page_config(
    page_title="inferstack",
    page_icon=":material/memory:",
    layout="wide",
    menu_items={"About": "inferstack: Streamlit UI → FastAPI gateway → Triton Inference Server."},
)

widgets.sidebar(get_gateway())
navigation = st.navigation(
    [
        st.Page(PAGES / "classify.py", title="Classify", icon=":material/image_search:"),
        st.Page(PAGES / "text.py", title="Text", icon=":material/text_fields:"),
        st.Page(PAGES / "batch.py", title="Batch", icon=":material/folder_zip:"),
        st.Page(PAGES / "models.py", title="Models", icon=":material/view_list:"),
        st.Page(PAGES / "history.py", title="History", icon=":material/history:"),
        st.Page(PAGES / "status.py", title="Status", icon=":material/monitor_heart:"),
    ]
)
navigation.run()
