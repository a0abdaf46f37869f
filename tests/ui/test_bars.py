"""Probability bars: the order given, a fixed 0-1 scale, each value written (defects 1 and 2)."""

from __future__ import annotations

import re

from inferstack_ui.bars import bars_html


def widths(html: str) -> list[float]:
    return [float(w) for w in re.findall(r"width:([0-9.]+)%", html)]


def test_a_bar_is_as_long_as_its_probability_whatever_the_others() -> None:
    html = bars_html([("3", 0.4), ("8", 0.35), ("5", 0.25)])
    assert widths(html) == [40.0, 35.0, 25.0], "40% fills 40% of the track, not all of it"
    assert re.findall(r">([0-9.]+%)</span>", html) == ["40.0%", "35.0%", "25.0%"]
    assert re.findall(r'data-label="([^"]+)"', html) == ["3", "8", "5"], "the order given"


def test_two_answers_compare_on_the_same_scale() -> None:
    sure = widths(bars_html([("7", 0.99), ("1", 0.01)]))
    unsure = widths(bars_html([("7", 0.4), ("1", 0.3)]))
    assert sure[0] == 99.0
    assert unsure[0] == 40.0


def test_labels_are_escaped_and_the_meter_is_accessible() -> None:
    html = bars_html([("<b>x</b>", 1.2)], title="v1")
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert widths(html) == [100.0], "clamped to the track"
    assert 'role="meter"' in html
    assert 'aria-valuenow="1.2000"' in html
