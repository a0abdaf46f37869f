"""Scaling out on one host and across Triton replicas, with real processes: several gateway
workers whose metrics add up, and one gateway channel spreading calls over two Tritons."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import tritonclient.grpc as grpcclient
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import GatewaySettings, available_cpus
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import triton_settings
from tests.digit_images import b64, held_out, render
from tests.polling import poll
from tests.triton_statistics import statistics

BODY = {"images": [{"data": b64(render(held_out().images[0]))}], "version": "2"}
CALLS = 20


def _healthz_count(metrics: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
        if sample.name == "inferstack_gateway_requests_total"
        and sample.labels.get("route") == "/healthz"
    )


def _worker_pids(directory: Path) -> set[str]:
    """The processes that have counted something: prometheus-client writes counter_<pid>.db."""
    return {path.stem.removeprefix("counter_") for path in directory.glob("counter_*.db")}


def test_two_workers_add_up_their_metrics(triton: TritonServer, tmp_path: Path) -> None:
    metrics_dir = tmp_path / "metrics"
    (port,) = free_ports(1)
    server = GatewayServer(
        host="127.0.0.1",
        port=port,
        log_file=tmp_path / "gateway.log",
        env={
            "GATEWAY_TRITON_URL": triton.grpc_url,
            "GATEWAY_WORKERS": "2",
            "GATEWAY_METRICS_DIR": str(metrics_dir),
        },
    )
    server.start()
    try:
        started = _healthz_count(httpx.get(f"{server.url}/metrics").text)  # the start-up probes
        sent = 0

        def send_some() -> set[str]:
            nonlocal sent
            # A new connection per request: the kernel hands each to whichever worker accepts it.
            with httpx.Client(
                base_url=server.url, limits=httpx.Limits(max_keepalive_connections=0)
            ) as client:
                for _ in range(10):
                    assert client.get("/healthz").status_code == 200
                    sent += 1
            return _worker_pids(metrics_dir)

        pids = poll(send_some, lambda found: len(found) >= 2, 60)
        assert len(pids) >= 2, f"only one worker answered {sent} requests"
        for _ in range(3):  # whichever worker renders /metrics reports every worker's counts
            metrics = httpx.get(f"{server.url}/metrics").text
            assert _healthz_count(metrics) == started + sent
    finally:
        server.stop()


@pytest.fixture
def two_tritons(tmp_path: Path) -> Iterator[tuple[TritonServer, TritonServer]]:
    first = TritonServer(triton_settings(tmp_path / "a"))
    second = TritonServer(triton_settings(tmp_path / "b"))
    with first, second:
        yield first, second


def _served(server: TritonServer) -> int:
    with grpcclient.InferenceServerClient(server.grpc_url) as client:
        return statistics(client, "digits", "2").inferences


def _send(settings: GatewaySettings) -> None:
    with TestClient(create_app(settings)) as gateway:
        for _ in range(CALLS):
            assert gateway.post("/v1/image-classification", json=BODY).status_code == 200


@pytest.mark.parametrize(("policy", "both_serve"), [("round_robin", True), ("pick_first", False)])
def test_the_channel_policy_decides_whether_every_triton_serves(
    two_tritons: tuple[TritonServer, TritonServer], policy: str, both_serve: bool
) -> None:
    first, second = two_tritons
    before = [_served(first), _served(second)]
    target = f"ipv4:127.0.0.1:{first.settings.grpc_port},127.0.0.1:{second.settings.grpc_port}"
    _send(GatewaySettings(triton_url=target, triton_lb_policy=policy))  # type: ignore[arg-type]
    with (
        grpcclient.InferenceServerClient(first.grpc_url) as a,
        grpcclient.InferenceServerClient(second.grpc_url) as b,
    ):
        total = before[0] + before[1] + CALLS
        read = poll(
            lambda: [
                statistics(a, "digits", "2").inferences,
                statistics(b, "digits", "2").inferences,
            ],
            lambda counts: sum(counts) >= total,
            10,
        )
    served = [read[0] - before[0], read[1] - before[1]]
    assert sum(served) == CALLS
    if both_serve:
        assert min(served) > 0, f"round_robin left a Triton idle: {served}"
    else:
        assert min(served) == 0, f"pick_first should use one connection: {served}"


def test_auto_workers_follow_the_container_cpu_limit(tmp_path: Path) -> None:
    cpu_max = tmp_path / "cpu.max"
    cores = len(os.sched_getaffinity(0))
    cpu_max.write_text("max 100000\n")
    assert available_cpus(cpu_max) == cores
    cpu_max.write_text("150000 100000\n")  # a limit of 1.5 cores
    assert available_cpus(cpu_max) == min(cores, 2)
    cpu_max.write_text("50000 100000\n")
    assert available_cpus(cpu_max) == 1
    assert available_cpus(tmp_path / "missing") == cores
    assert GatewaySettings(workers="auto").worker_count == available_cpus()
    assert GatewaySettings(workers=3).worker_count == 3


@pytest.mark.parametrize("bad", [0, 257, "many", -1])
def test_invalid_worker_counts_stop_start_up(bad: object) -> None:
    with pytest.raises(ValueError, match="workers"):
        GatewaySettings(workers=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "target",
    ["triton:8001", "dns:///triton-grpc:9000", "ipv4:10.0.0.1:8001,10.0.0.2:8001"],
)
def test_triton_targets_that_grpc_resolves(target: str) -> None:
    assert GatewaySettings(triton_url=target).triton_url == target


@pytest.mark.parametrize("target", ["http://triton:8001", "triton", "ipv4:", "a b:1"])
def test_triton_targets_that_are_refused(target: str) -> None:
    with pytest.raises(ValueError, match="triton_url"):
        GatewaySettings(triton_url=target)
