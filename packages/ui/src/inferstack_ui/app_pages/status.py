"""Status: is the gateway up, is Triton ready, and a few live figures from the gateway's metrics."""

from __future__ import annotations

import time

import streamlit as st

from inferstack_client.models import ReadinessStatus, ReadinessTriton
from inferstack_client.types import Unset
from inferstack_sdk import GatewayError
from inferstack_ui import figures, widgets
from inferstack_ui.connection import get_gateway

widgets.intro(
    "Status",
    f"Health as the gateway reports it ({widgets.FLOW}): its liveness, its readiness (Triton "
    "reachable and every model ready) and figures read from its Prometheus /metrics.",
)
st.button("Refresh", icon=":material/refresh:", key="status-refresh")
gateway = get_gateway()

alive = gateway.liveness()
if isinstance(alive, GatewayError):
    widgets.show_error(alive, "The gateway does not answer")
    st.stop()
readiness = gateway.readiness()
if isinstance(readiness, GatewayError):
    widgets.show_error(readiness, "Could not read the gateway's readiness")
    st.stop()

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
    st.dataframe(
        [
            {"model": m.name, "ready": m.ready, "ready versions": ", ".join(m.ready_versions)}
            for m in models
        ],
        hide_index=True,
        width="stretch",
    )
else:
    st.caption("No model reported.")

st.markdown("**Live figures** (since the gateway started)")
text = gateway.metrics_text()
if isinstance(text, GatewayError):
    widgets.show_error(text, "Could not read the gateway's metrics")
    st.stop()
try:
    numbers = figures.parse(text)
except ValueError as exc:
    st.error(f"The gateway's /metrics is not Prometheus text the UI can read ({exc}).")
    st.stop()
total, error_rate, in_flight, triton = st.columns(4)
total.metric("Requests", f"{numbers.total_requests:.0f}", help="All routes, probes included.")
rate = numbers.api_error_rate
error_rate.metric(
    "API error rate",
    "n/a" if rate is None else f"{rate:.1%}",
    help=f"Share of the {numbers.api_requests:.0f} /v1 and /v2 requests answered 4xx or 5xx.",
)
in_flight.metric(
    "In flight", f"{numbers.in_flight:.0f}", help="Includes the /metrics request that read it."
)
triton.metric(
    "Mean Triton latency",
    "n/a" if numbers.triton_mean_ms is None else f"{numbers.triton_mean_ms:.1f} ms",
    help=f"Over {numbers.triton_calls:.0f} inference calls from the gateway to Triton.",
)
if numbers.routes:
    st.dataframe(
        [
            {
                "route": r.route,
                "requests": int(r.requests),
                "errors": int(r.errors),
                "mean latency (ms)": None
                if r.mean_latency_ms is None
                else round(r.mean_latency_ms, 1),
            }
            for r in numbers.routes
        ],
        hide_index=True,
        width="stretch",
    )
st.caption(f"Read at {time.strftime('%H:%M:%S')}.")
