"""The History page, run by Streamlit's AppTest against the real gateway, its prediction log
and the real Triton."""

from __future__ import annotations

import uuid

import httpx

from inferstack_tools.launcher.gateway import GatewayServer
from tests.digit_images import held_out
from tests.polling import poll
from tests.ui.conftest import chart_rows, digit_png, open_page, records, texts


def test_history_page_shows_the_prediction_log(live: GatewayServer) -> None:
    with httpx.Client(base_url=live.url, timeout=10) as client:
        request_id = f"history-{uuid.uuid4().hex}"
        files = [("files", digit_png(0))]
        sent = client.post(
            "/v1/image-classification/upload", files=files, headers={"X-Request-ID": request_id}
        )
        assert sent.status_code == 200
        poll(
            lambda: client.get(f"/v1/predictions/{request_id}").status_code,
            lambda status: status == 200,
            30,
        )
    at = open_page("history")
    assert not at.exception
    assert not at.error, texts(at.error)
    assert texts(at.title) == ["History"]
    rows = records(at.dataframe[0])
    (row,) = [r for r in rows if r["request id"] == request_id]
    assert row["route"] == "/v1/image-classification/upload"
    assert row["model"] == "digits v3"
    assert row["status"] == 200
    assert row["inputs"] == "1 images"
    assert row["answer"].startswith(f"{held_out().labels[0]} (")
    metrics = {m.label: str(m.value) for m in at.metric}
    assert int(metrics["Requests"]) >= 1
    charts = at.get("vega_lite_chart")
    assert len(charts) == 4, "requests over time, latency, labels, errors"
    assert any(r["target"] == "digits v3" for r in chart_rows(charts[0]))
    assert {r["percentile"] for r in chart_rows(charts[1])} == {"p50", "p95", "p99"}

    at.text_input(key="history-model").input("minilm").run()
    assert not at.exception
    shown = [r["request id"] for r in records(at.dataframe[0])] if at.dataframe else []
    assert request_id not in shown
