"""The Status page, run by AppTest against the real gateway and Triton."""

from __future__ import annotations

import httpx

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.examples import DIGITS
from tests.ui.conftest import open_page, records, texts


def test_ready_with_client_and_server_errors_apart_and_percentiles(live: GatewayServer) -> None:
    httpx.post(f"{live.url}/v1/image-classification", json={"images": []}, timeout=10)  # a 422
    at = open_page("status")
    assert not at.exception
    assert not at.error, texts(at.error)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gateway"] == "live"
    assert metrics["Readiness"] == "ready"
    assert metrics["Triton"] == "ready"
    assert int(metrics["API requests"].replace(",", "")) > 0
    # Defect 9: a refused request is a client error, not a failure of the stack.
    assert metrics["Client errors (4xx)"].endswith("%")
    assert metrics["Client errors (4xx)"] != "0.0%"
    # Server errors are their own figure (other tests on this gateway may have made some).
    assert metrics["Server errors (5xx)"].endswith("%")
    assert "API error rate" not in metrics
    models = records(at.table[0])
    assert models[0]["model"] == "digits"
    assert models[0]["ready versions"] == "1, 2, 3"
    routes = {row["route"]: row for row in records(at.table[1])}
    refused = routes["/v1/image-classification"]
    client, server = (int(n) for n in refused["4xx / 5xx"].split(" / "))
    assert client >= 1
    assert server == _server_errors(live, "/v1/image-classification")
    p50, p95, p99 = (float(n) for n in refused["p50 / p95 / p99 (ms)"].split(" / "))
    assert p50 <= p95 <= p99


def test_readings_are_kept_and_charted_over_time(live: GatewayServer) -> None:
    at = open_page("status")
    assert at.toggle(key="status-auto").value is True, "refreshes on its own by default"
    assert not at.get("vega_lite_chart")
    upload = ("files", ("seven.png", DIGITS[0].path.read_bytes(), "image/png"))
    httpx.post(f"{live.url}/v1/image-classification/upload", files=[upload], timeout=30)
    at.button(key="status-refresh").click().run()
    assert not at.exception
    assert any("2 reading(s) kept" in t for t in texts(at.caption))
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 1, "requests per second once there are two readings"
    versions = {row["model/version"]: row for row in records(at.table[2])}
    assert versions["digits/3"]["requests"] >= 1, "the default version answered the upload"
    assert versions["digits/3"]["Triton p50 / p95 (ms)"] != "n/a / n/a"


def _server_errors(gateway: GatewayServer, route: str) -> int:
    """The 5xx answers of `route` so far, as the gateway's own metrics count them."""
    text = httpx.get(f"{gateway.url}/metrics", timeout=10).text
    return int(
        sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("inferstack_gateway_requests_total{")
            and f'route="{route}"' in line
            and 'status="5' in line
        )
    )
