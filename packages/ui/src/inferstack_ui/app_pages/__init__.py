"""The UI's pages, one script each, run by `st.navigation` in `streamlit_app.py`."""
