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


#: Distinct, dark enough for white text on them.
SERIES_COLORS = ["#1f6feb", "#d9480f", "#2b8a3e", "#862e9c", "#495057"]


def grouped_shares(*, group: str, bar: str, value: str = "value") -> Spec:
    """Shares (0-1) as bars, one group of bars per `group` value (its name wrapped, word by word,
    so a phone shows it whole), each bar's value written on it."""
    text = {"text": {"field": value, "type": "quantitative", "format": ".1%"}}
    return {
        "height": {"step": 24},
        "encoding": {
            "y": {
                "field": group,
                "type": "nominal",
                "title": None,
                "axis": {"labelExpr": "split(datum.label, ' ')", "labelLimit": 0},
            },
            "yOffset": {"field": bar},
            "x": {
                "field": value,
                "type": "quantitative",
                "scale": SHARE_AXIS,
                "axis": {"format": ".0%"},
                "title": None,
            },
            "color": {
                "field": bar,
                "type": "nominal",
                "title": None,
                "scale": {"range": SERIES_COLORS},
                "legend": _LEGEND,
            },
        },
        "layer": [
            {"mark": {"type": "bar", "tooltip": True}},
            {  # on the bar, in white (an encoded colour would win over the mark's)
                "transform": [{"filter": f"datum['{value}'] >= 0.2"}],
                "mark": {"type": "text", "align": "right", "dx": -4},
                "encoding": {**text, "color": {"value": "white"}},
            },
            {
                "transform": [{"filter": f"datum['{value}'] < 0.2"}],
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": text,
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


def over_time(*, value: str, title: str, colors: dict[str, str], series: str = "series") -> Spec:
    """Lines over wall-clock time: one line per `series` (coloured by `colors`), `value` on the
    y axis."""
    return {
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {
                "field": "time",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%H:%M:%S", "labelOverlap": True, "tickCount": 4},
            },
            "y": {
                "field": value,
                "type": "quantitative",
                "title": title,
                "axis": {"format": ".3~f"},
            },
            "color": {
                "field": series,
                "type": "nominal",
                "title": None,
                "legend": _LEGEND,
                "scale": {"domain": list(colors), "range": list(colors.values())},
            },
        },
    }


#: Traffic, client errors, server errors; and the latency percentiles.
RATE_COLORS = {"requests": "#1f6feb", "4xx": "#f08c00", "5xx": "#e03131"}
LATENCY_COLORS = {"p50": "#2b8a3e", "p95": "#f08c00", "p99": "#e03131"}
