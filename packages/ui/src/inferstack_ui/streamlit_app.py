"""The inferstack UI: `streamlit run packages/ui/src/inferstack_ui/streamlit_app.py`.

Pages live in `app_pages/`; what they compute lives in plain modules beside this file. The UI
talks only to the gateway (UI_GATEWAY_URL), only through the sdk over the generated client.

The page list is built before anything asks the gateway, and each page writes its title first:
a slow or silent gateway never leaves the page blank. Every asset is served by this server (the
page icon is a file here, not a font server's). The toolbar is the viewer's: no "Deploy" button
or developer menu, however the server was started.

Not `pages/`: a folder of that name beside the entry script makes Streamlit (1.67) run a fresh
server's first session in the legacy multipage mode, so a first visit straight to, say, /status
would run that page alone, without this script's sidebar, page config and navigation.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from inferstack_ui import visits

HERE = Path(__file__).resolve().parent
PAGES = HERE / "app_pages"
ICON = HERE / "assets" / "icon.png"

st.set_page_config(
    page_title="inferstack",
    page_icon=str(ICON),
    layout="wide",
    menu_items={"About": "inferstack: Streamlit UI → FastAPI gateway → Triton Inference Server."},
)

# Table cells wrap (Streamlit keeps them on one line on a narrow screen), long values too (a
# hash, an algorithm's description), so a table fits a phone's width and shows every value.
HEADS, CELLS = "[data-testid='stTable'] th", "[data-testid='stTable'] td"
st.html(
    f"<style>{HEADS}, {HEADS} *, {CELLS}, {CELLS} * {{ white-space: normal !important; }}"
    f" {CELLS}, {CELLS} * {{ overflow-wrap: anywhere !important; }}"
    f" {CELLS}:first-child, {CELLS}:first-child * {{ overflow-wrap: normal !important; }}</style>"
)

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
if st.get_option("client.toolbarMode") != "viewer":
    # Set once per server process; the rerun sends the browser the viewer's toolbar at once.
    st.set_option("client.toolbarMode", "viewer")
    st.rerun()
visits.note(navigation.url_path or "classify")
navigation.run()
