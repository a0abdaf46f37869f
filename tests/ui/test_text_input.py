"""Where one text ends: lines, or blocks between blank lines."""

from __future__ import annotations

from inferstack_ui.text_input import BLOCKS, LINES, split_labels, split_texts


def test_each_line_or_each_block() -> None:
    text = "First line\r\nsecond line\n\n  \nThird\n"
    assert split_texts(text, LINES) == ["First line", "second line", "Third"]
    assert split_texts(text, BLOCKS) == ["First line\nsecond line", "Third"]
    assert split_texts("  \n\n ", BLOCKS) == []


def test_labels() -> None:
    assert split_labels(" sports, , politics ,") == ["sports", "politics"]
