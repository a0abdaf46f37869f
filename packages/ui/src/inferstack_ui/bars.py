"""Probability bars as plain HTML: one row per label, in the order given, on a fixed 0-1 scale.

Each bar's length is its probability (a 40% answer fills 40% of the track, whatever the other
bars are), and its value is written beside it. HTML rather than a chart: the rows are rebuilt in
the order of every answer (a chart patched in place may keep an older order), they read the
same at any width, and a browser test can read them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from inferstack_ui.formatting import percent

#: The class of the container; each row has `data-label` and `data-probability`.
CSS_CLASS = "inferstack-bars"

_ROW = (
    '<div class="inferstack-bar" data-label="{label}" data-probability="{probability:.6f}" '
    'style="display:flex;align-items:center;gap:0.5rem;margin:0.15rem 0">'
    '<span style="flex:0 0 {label_width};overflow:hidden;text-overflow:ellipsis;'
    'white-space:nowrap;text-align:right" title="{label}">{label}</span>'
    '<span role="meter" aria-valuemin="0" aria-valuemax="1" aria-valuenow="{probability:.4f}" '
    'aria-label="{label}" style="flex:1 1 auto;height:1.1rem;border-radius:0.25rem;'
    'background:rgba(128,128,128,0.15);position:relative;min-width:4rem">'
    '<span style="position:absolute;left:0;top:0;bottom:0;width:{width:.2f}%;'
    'border-radius:0.25rem;background:{color}"></span></span>'
    '<span style="flex:0 0 3.6rem;text-align:right;font-variant-numeric:tabular-nums">'
    "{value}</span></div>"
)
TOP_COLOR = "#1f6feb"
OTHER_COLOR = "#8fb4f2"


def bars_html(scores: Sequence[tuple[str, float]], *, title: str | None = None) -> str:
    """The rows for (label, probability) pairs, the first one highlighted as the answer."""
    widest = max((len(label) for label, _ in scores), default=1)
    label_width = f"{min(max(widest, 1), 14) * 0.62 + 0.6:.2f}rem"
    rows = [
        _ROW.format(
            label=html.escape(label, quote=True),
            probability=probability,
            width=max(0.0, min(1.0, probability)) * 100,
            color=TOP_COLOR if index == 0 else OTHER_COLOR,
            value=percent(probability),
            label_width=label_width,
        )
        for index, (label, probability) in enumerate(scores)
    ]
    heading = (
        f'<div style="font-size:0.85rem;opacity:0.75;margin-bottom:0.2rem">'
        f"{html.escape(title)}</div>"
        if title
        else ""
    )
    return f'<div class="{CSS_CLASS}">{heading}{"".join(rows)}</div>'
