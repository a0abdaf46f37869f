"""Texts typed into one box: where one text ends and the next begins, said before sending.

"Each line" sends every non-blank line as a text. "Blank lines" sends blocks separated by a
blank line, so a text may hold line breaks of its own. The page says how many texts it will send,
so a text is never split without the person seeing it.
"""

from __future__ import annotations

import re

LINES = "One text per line"
BLOCKS = "Texts separated by a blank line"
MODES = (LINES, BLOCKS)

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_texts(text: str, mode: str = LINES) -> list[str]:
    """The texts in `text`: its non-blank lines, or its blocks between blank lines, stripped."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _BLANK_LINE.split(normalised) if mode == BLOCKS else normalised.split("\n")
    return [part.strip() for part in parts if part.strip()]


def split_labels(text: str) -> list[str]:
    """Comma-separated candidate labels, stripped, blanks dropped."""
    return [label.strip() for label in text.split(",") if label.strip()]
