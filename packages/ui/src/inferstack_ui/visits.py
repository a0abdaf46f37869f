"""Which page this run shows, and whether the person just came to it from another page.

A widget that Streamlit remounts on a page visit (the drawing canvas) is given its saved state
once per visit, not on every rerun of the same visit, which would reset it mid-drawing.
"""

from __future__ import annotations

import streamlit as st

_PAGE = "visits:page"
_COUNT = "visits:count"


def note(page: str) -> None:
    """Called by the entry script on every run with the page it is about to run."""
    if st.session_state.get(_PAGE) != page:
        st.session_state[_PAGE] = page
        st.session_state[_COUNT] = int(st.session_state.get(_COUNT, 0)) + 1


def current() -> int:
    """A number that changes whenever the person comes to a page from another one."""
    return int(st.session_state.get(_COUNT, 0))
