"""History: the prediction log, as the gateway stores it: a filterable table of requests with
each one's details, and charts over the same window."""

from __future__ import annotations

import streamlit as st

from inferstack_sdk import GatewayError
from inferstack_ui import history, widgets
from inferstack_ui.connection import get_gateway

widgets.intro(
    "History",
    f"Every inference request the gateway answered, from its prediction log ({widgets.FLOW}): "
    "who asked which model what, what it answered, how long it took, and what failed.",
)
gateway = get_gateway()

models, versions, statuses, routes, windows = st.columns(5)
model = models.text_input("Model", key="history-model", placeholder="any") or None
version = versions.text_input("Version", key="history-version", placeholder="any") or None
status_text = statuses.text_input("Status", key="history-status", placeholder="any")
route = routes.selectbox("Route", ["any", *history.ROUTES], key="history-route")
span = windows.selectbox("Time", list(history.WINDOWS), index=1, key="history-window")
limit = st.select_slider("Rows", [50, 100, 200, 500, 1000], value=100, key="history-limit")
status = int(status_text) if status_text.strip().isdigit() else None
if status_text.strip() and status is None:
    st.warning("Status must be a number, such as 200 or 422; it is ignored.")
when = history.window(span)
route_filter = None if route == "any" else route

page = gateway.predictions(
    model=model,
    version=version,
    route=route_filter,
    status=status,
    since=when.since,
    until=when.until,
    limit=limit,
)
if isinstance(page, GatewayError):
    widgets.show_error(page, "Could not read the prediction log")
    st.stop()
stats = gateway.prediction_stats(
    model=model, version=version, route=route_filter, since=when.since, until=when.until
)
if isinstance(stats, GatewayError):
    widgets.show_error(stats, "Could not read the prediction log's statistics")
    st.stop()

total, client, server, p95 = st.columns(4)
total.metric("Requests", stats.total, help=f"In the {span}, with these filters (not status).")
client.metric("Client errors (4xx)", f"{stats.errors.client_error_share:.1%}")
server.metric("Server errors (5xx)", f"{stats.errors.server_error_share:.1%}")
overall = stats.latency[0] if stats.latency else None
p95.metric("Latency p95", "n/a" if overall is None else f"{overall.p95_ms:.1f} ms")

over_time, latency = st.columns(2)
with over_time:
    st.markdown("**Requests over time** by model and version")
    st.vega_lite_chart(
        history.timeline_points(stats),
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {
                    "field": "start",
                    "type": "temporal",
                    "title": None,
                    "axis": {"format": "%d %b %H:%M", "labelAngle": -30},
                },
                "y": {"field": "requests", "type": "quantitative", "stack": True},
                "color": {"field": "target", "type": "nominal", "title": "model"},
            },
        },
        width="stretch",
    )
with latency:
    st.markdown("**Latency percentiles** in the gateway (ms)")
    st.vega_lite_chart(
        history.latency_points(stats),
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "target", "type": "nominal", "title": None},
                "xOffset": {"field": "percentile"},
                "y": {"field": "ms", "type": "quantitative"},
                "color": {"field": "percentile", "type": "nominal"},
            },
        },
        width="stretch",
    )
labels, errors = st.columns(2)
with labels:
    st.markdown("**Label distribution**: each item's top label")
    st.vega_lite_chart(
        history.label_points(stats),
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "label", "type": "nominal", "sort": "-y"},
                "y": {"field": "items", "type": "quantitative"},
                "color": {"field": "model", "type": "nominal"},
            },
        },
        width="stretch",
    )
with errors:
    st.markdown("**Errors**: client (4xx) and server (5xx) by model and version")
    st.vega_lite_chart(
        history.error_points(stats),
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "target", "type": "nominal", "title": None},
                "y": {"field": "requests", "type": "quantitative", "stack": True},
                "color": {
                    "field": "kind",
                    "type": "nominal",
                    "scale": {"range": ["#f0a202", "#d1495b"]},
                },
            },
        },
        width="stretch",
    )

st.markdown(f"**Requests** (newest first, {len(page.items)} shown)")
rows = history.table_rows(page.items)
if not rows:
    st.info("No request in this window matches.")
else:
    chosen = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="history-table",
    )
    selected = chosen.selection.rows if chosen is not None else []
    if selected:
        record = page.items[selected[0]]
        st.markdown(f"**Request `{record.request_id}`**")
        st.json(history.details(record), expanded=2)
    else:
        st.caption("Select a row to see everything stored about that request.")
