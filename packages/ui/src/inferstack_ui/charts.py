"""Vega-Lite specifications of the UI's charts, as plain data (the pages draw them).

Probabilities, accuracies and other shares are drawn on a fixed 0-1 axis with their values
written on the marks, so that two charts side by side compare at a glance.
"""

from __future__ import annotations

from typing import Any

Spec = dict[str, Any]
SHARE_AXIS = {"domain": [0, 1]}
_LEGEND = {"orient": "bottom"}


def heatmap(count: int) -> Spec:
    """The similarity matrix of `count` sentences: numbered axes (every number shown, upright),
    cells coloured from -1 to 1 with their value, the sentences in the tooltip."""
    axis = {"labelAngle": 0, "labelOverlap": False, "title": "sentence #", "labelPadding": 4}
    order = list(range(1, count + 1))
    return {
        "height": 36 * count + 40,
        "encoding": {
            "x": {"field": "column", "type": "ordinal", "sort": order, "axis": axis},
            "y": {"field": "row", "type": "ordinal", "sort": order, "axis": axis},
        },
        "layer": [
            {
                "mark": "rect",
                "encoding": {
                    "color": {
                        "field": "similarity",
                        "type": "quantitative",
                        "scale": {"domain": [-1, 1], "scheme": "redblue", "reverse": True},
                        "title": "cosine",
                    },
                    "tooltip": [
                        {"field": "row", "type": "ordinal", "title": "#"},
                        {"field": "row sentence", "type": "nominal", "title": "sentence"},
                        {"field": "column", "type": "ordinal", "title": "and #"},
                        {"field": "column sentence", "type": "nominal", "title": "sentence"},
                        {"field": "similarity", "type": "quantitative", "format": ".3f"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12},
                "encoding": {
                    "text": {"field": "similarity", "type": "quantitative", "format": ".2f"},
                    "color": {
                        "condition": {"test": "abs(datum.similarity) > 0.6", "value": "white"},
                        "value": "black",
                    },
                },
            },
        ],
    }


def grouped_shares(*, group: str, bar: str, value: str = "value") -> Spec:
    """Shares (0-1) as bars, one group of bars per `group` value, values written on the bars."""
    return {
        "height": {"step": 22},
        "encoding": {
            "y": {"field": group, "type": "nominal", "title": None},
            "yOffset": {"field": bar},
            "x": {
                "field": value,
                "type": "quantitative",
                "scale": SHARE_AXIS,
                "axis": {"format": ".0%"},
                "title": None,
            },
            "color": {"field": bar, "type": "nominal", "title": None, "legend": _LEGEND},
        },
        "layer": [
            {"mark": {"type": "bar", "tooltip": True}},
            {
                "mark": {"type": "text", "align": "left", "dx": 3},
                "encoding": {"text": {"field": value, "type": "quantitative", "format": ".1%"}},
            },
        ],
    }


def counts(*, field: str, title: str) -> Spec:
    """How many of each value of `field` (a `count` column), largest first, counts on the bars."""
    return {
        "encoding": {
            "y": {"field": field, "type": "nominal", "sort": "-x", "title": title},
            "x": {"field": "count", "type": "quantitative", "title": "images"},
        },
        "layer": [
            {"mark": {"type": "bar", "tooltip": True}},
            {
                "mark": {"type": "text", "align": "left", "dx": 3},
                "encoding": {"text": {"field": "count", "type": "quantitative"}},
            },
        ],
    }


def histogram(*, field: str, title: str, step: float = 0.05) -> Spec:
    """A histogram of a share (0-1) in bins of `step`."""
    return {
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": field,
                "type": "quantitative",
                "bin": {"extent": [0, 1], "step": step},
                "scale": SHARE_AXIS,
                "axis": {"format": ".0%"},
                "title": title,
            },
            "y": {"aggregate": "count", "type": "quantitative", "title": "images"},
        },
    }


def over_time(*, value: str, title: str, series: str = "series") -> Spec:
    """Lines over wall-clock time: one line per `series`, `value` on the y axis."""
    return {
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": "time", "type": "temporal", "title": None},
            "y": {"field": value, "type": "quantitative", "title": title},
            "color": {"field": series, "type": "nominal", "title": None, "legend": _LEGEND},
        },
    }
