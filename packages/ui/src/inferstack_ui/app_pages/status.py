"""Status: is the gateway up, is Triton ready, and live figures from the gateway's metrics,
polled over time."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from inferstack_client.models import ReadinessStatus, ReadinessTriton
from inferstack_client.types import Unset
from inferstack_sdk import GatewayError
from inferstack_ui import charts, figures, metrics_history, widgets
from inferstack_ui.connection import get_gateway
from inferstack_ui.formatting import count, ms, percent

INTERVALS_S = (2, 5, 10, 30)
HISTORY = "status-history"

widgets.intro(
    "Status",
    f"Health as the gateway reports it ({widgets.FLOW}): its liveness, its readiness (Triton "
    "reachable and every model ready) and figures read from its Prometheus /metrics, polled "
    "while this page is open.",
)
gateway = get_gateway()
auto_column, every_column, refresh_column = st.columns([2, 2, 1], vertical_alignment="bottom")
auto = auto_column.toggle(
    "Refresh automatically", value=True, key="status-auto", persist_state="session"
)
every = every_column.selectbox(
    "Every",
    INTERVALS_S,
    index=1,
    format_func=lambda s: f"{s} s",
    key="status-every",
    disabled=not auto,
    persist_state="session",
)
refresh_column.button("Refresh", icon=":material/refresh:", key="status-refresh")


def show_status() -> None:
    alive = gateway.liveness()
    if isinstance(alive, GatewayError):
        widgets.show_error(alive, "The gateway does not answer")
        return
    readiness = gateway.readiness()
    if isinstance(readiness, GatewayError):
        widgets.show_error(readiness, "Could not read the gateway's readiness")
        return

    ready = readiness.status == ReadinessStatus.READY
    live_col, ready_col, triton_col = st.columns(3)
    live_col.metric("Gateway", "live")
    ready_col.metric("Readiness", "ready" if ready else "not ready")
    triton_col.metric("Triton", str(readiness.triton).replace("_", " "))
    reason = None if isinstance(readiness.reason, Unset) else readiness.reason
    if ready:
        st.success("The gateway is ready to serve inference.", icon=":material/check_circle:")
    else:
        st.warning(f"**Not ready.** {reason or 'no reason given'}", icon=":material/warning:")
    if readiness.triton == ReadinessTriton.UNREACHABLE:
        st.error("The gateway cannot reach Triton.", icon=":material/cloud_off:")

    models = [] if isinstance(readiness.models, Unset) else readiness.models
    st.markdown("**Models**")
    if models:
        st.table(
            [
                {"model": m.name, "ready": m.ready, "ready versions": ", ".join(m.ready_versions)}
                for m in models
            ],
            hide_index=True,
        )
    else:
        st.caption("No model reported.")

    text = gateway.metrics_text()
    if isinstance(text, GatewayError):
        widgets.show_error(text, "Could not read the gateway's metrics")
        return
    try:
        numbers = figures.parse(text)
    except ValueError as exc:
        st.error(f"The gateway's /metrics is not Prometheus text the UI can read ({exc}).")
        return
    now = datetime.now().astimezone()
    history = metrics_history.added(
        st.session_state.get(HISTORY, []), metrics_history.Snapshot(now, numbers)
    )
    st.session_state[HISTORY] = history

    st.markdown("**Since the gateway started**")
    api = numbers.api
    requests, client, server, in_flight, triton = st.columns(5)
    requests.metric("API requests", count(api.requests), help="/v1 and /v2 routes.")
    client.metric(
        "Client errors (4xx)",
        "n/a" if numbers.client_error_rate is None else percent(numbers.client_error_rate),
        help=f"{count(api.client_errors)} API requests the gateway refused: bad input, too "
        "large, unknown model, missing key. A healthy gateway has these.",
    )
    server.metric(
        "Server errors (5xx)",
        "n/a" if numbers.server_error_rate is None else percent(numbers.server_error_rate),
        help=f"{count(api.server_errors)} API requests the stack failed: Triton unreachable or "
        "too slow, or a fault in the gateway.",
    )
    in_flight.metric(
        "In flight", f"{numbers.in_flight:.0f}", help="Includes the /metrics request that read it."
    )
    p95 = numbers.triton.quantile_ms(0.95)
    triton.metric(
        "Triton p95",
        "n/a" if p95 is None else ms(p95),
        help=f"Over {count(numbers.triton_calls)} inference calls from the gateway to Triton.",
    )

    st.markdown("**Over time** (while this page is open)")
    rates, latencies = st.columns(2)
    rate_rows = metrics_history.rate_rows(history)
    latency_rows = metrics_history.latency_rows(history)
    with rates:
        if rate_rows:
            st.vega_lite_chart(
                rate_rows,
                charts.over_time(
                    value="per second",
                    title="API requests per second",
                    colors=charts.RATE_COLORS,
                ),
                width="stretch",
            )
        else:
            st.caption("Requests per second appear from the second reading on.")
    with latencies:
        if latency_rows:
            st.vega_lite_chart(
                latency_rows,
                charts.over_time(
                    value="ms", title="API latency (ms)", colors=charts.LATENCY_COLORS
                ),
                width="stretch",
            )
        else:
            st.caption("Latency percentiles appear once requests arrive between two readings.")

    st.markdown("**Per route** (latency percentiles since the gateway started)")
    st.table(figures.traffic_rows(numbers.routes, "route"), hide_index=True)
    if numbers.models:
        st.markdown("**Per model version**")
        st.table(figures.traffic_rows(numbers.models, "model/version"), hide_index=True)
    st.caption(f"Read at {now:%H:%M:%S}; {len(history)} reading(s) kept.")


st.fragment(show_status, run_every=every if auto else None)()
