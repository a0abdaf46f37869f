"""A batch in the background: results kept as they arrive, Stop, pace and ETA."""

from __future__ import annotations

from inferstack_sdk import Gateway, GatewayConfig, RequestLimits
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_ui.batch_job import BatchJob, JobView
from inferstack_ui.batch_stats import answered_by, confidences, label_counts, percentile
from tests.digit_images import held_out
from tests.sdk.conftest import digits
from tests.ui.gate import Gate, gated_proxy


def test_results_arrive_chunk_by_chunk_and_stop_keeps_them(gateway_server: GatewayServer) -> None:
    gate = Gate(allowed=1)
    with gated_proxy(gateway_server.url, gate) as url, Gateway(GatewayConfig(url)) as gateway:
        job = BatchJob(
            gateway,
            digits(10),
            model="digits",
            version="1",
            version_choice="1",
            limits=RequestLimits(max_images=4),
        ).start()
        assert gate.wait_for_held(1)
        assert job.wait_until(lambda view: view.done == 4, 30)
        view = job.view()
        assert view.running
        assert [r.status for r in view.results] == ["ok"] * 4
        job.stop()
        gate.open()
        assert job.wait_until(lambda view: not view.running, 30)
    view = job.view()
    assert view.state == "stopped"
    assert view.done == 8, "the request in flight was answered and kept; the third never sent"
    labels = held_out().labels
    assert [r.best.label if r.best else None for r in view.results] == [
        str(labels[i]) for i in range(8)
    ]
    assert all(t is not None and t.startswith("data:image/png") for t in view.thumbnails)
    assert answered_by(view.version_choice, view.results) == "version 1"
    assert sum(int(row["count"]) for row in label_counts(view.results)) == 8
    assert len(confidences(view.results)) == 8


def test_pace_and_time_left() -> None:
    view = JobView("digits", "default", 100, (), (), "running", 10.0)
    assert view.eta_s is None, "no pace before the first answer"
    results = tuple(object() for _ in range(25))
    view = JobView("digits", "default", 100, results, (), "running", 10.0)  # type: ignore[arg-type]
    assert view.images_per_s == 2.5
    assert view.eta_s == 30.0
    done = JobView("digits", "default", 100, results, (), "stopped", 10.0)  # type: ignore[arg-type]
    assert done.eta_s is None


def test_percentiles_of_request_latencies() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([float(i) for i in range(1, 101)], 0.5) == 50.5
    assert answered_by("default", ()) == "the default version"
