"""Files that outlive a page switch.

Streamlit forgets a file uploader's files when its page is left, and an uploader cannot be given
files back. So each page's files are copied into session state when the uploader changes (or an
example is picked), and the page works from that copy: back on the page, the results are there,
with a note saying where the files came from and a button to clear them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from inferstack_sdk import Upload


@dataclass(frozen=True)
class Kept:
    uploads: tuple[Upload, ...]
    source: str  # "upload", or what else put them there ("example: 7")


def _state_key(key: str) -> str:
    return f"{key}:kept"


def file_input(
    label: str,
    *,
    key: str,
    types: Sequence[str],
    max_upload_mb: int | None = None,
    help: str | None = None,
    resets: Sequence[str] = (),
) -> list[Upload]:
    """A multiple-file uploader whose files are kept for the session (see the module).

    `resets`: session state keys dropped whenever the files change or are cleared (the example
    picker whose pick they replace).
    """
    st.file_uploader(
        label,
        type=list(types),
        accept_multiple_files=True,
        key=key,
        on_change=_copy_uploads,
        args=(key, tuple(resets)),
        max_upload_size=max_upload_mb,
        help=help,
    )
    kept = get(key)
    shown = st.session_state.get(key) or []
    if kept is not None and kept.uploads and not shown:
        names = ", ".join(u.name for u in kept.uploads[:5])
        more = f" and {len(kept.uploads) - 5} more" if len(kept.uploads) > 5 else ""
        what = "uploaded earlier" if kept.source == "upload" else kept.source
        note, clear = st.columns([5, 1], vertical_alignment="center")
        note.caption(f"Using {len(kept.uploads)} file(s) {what}: {names}{more}.")
        clear.button(
            "Clear",
            key=f"{key}-clear",
            on_click=forget,
            args=(key, tuple(resets)),
            icon=":material/close:",
        )
    return list(kept.uploads) if kept is not None else []


def _copy_uploads(key: str, resets: Sequence[str] = ()) -> None:
    files = st.session_state.get(key) or []
    st.session_state[_state_key(key)] = Kept(
        tuple(Upload(f.name, f.getvalue()) for f in files), "upload"
    )
    for name in resets:
        st.session_state[name] = None


def keep(key: str, uploads: Sequence[Upload], source: str) -> None:
    """Make `uploads` the page's files (an example, say), as if uploaded."""
    st.session_state[_state_key(key)] = Kept(tuple(uploads), source)


def get(key: str) -> Kept | None:
    kept = st.session_state.get(_state_key(key))
    return kept if isinstance(kept, Kept) else None


def forget(key: str, resets: Sequence[str] = ()) -> None:
    st.session_state.pop(_state_key(key), None)
    for name in resets:
        st.session_state[name] = None
