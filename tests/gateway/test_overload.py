"""Overload and deadlines, with the real Triton serving a model that waits as long as asked
(tests/gateway/models/slow): the gateway's admission limit, a caller's deadline passed to
Triton's queue, cancellation when the caller leaves, and Triton's full queue."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
import tritonclient.grpc as grpcclient
from prometheus_client.parser import text_string_to_metric_families

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import triton_settings
from tests.gateway.problems import assert_problem
from tests.polling import poll

SLOW_MODEL = Path(__file__).parent / "models" / "slow"
INFER = "/v2/models/slow/infer"


def body(delay_ms: int) -> dict[str, Any]:
    return {
        "inputs": [{"name": "delay_ms", "shape": [1, 1], "datatype": "INT32", "data": [delay_ms]}]
    }


@pytest.fixture(scope="module")
def slow_triton(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TritonServer]:
    repository = tmp_path_factory.mktemp("slow-repository")
    shutil.copytree(SLOW_MODEL, repository / "slow")
    with TritonServer(
        triton_settings(tmp_path_factory.mktemp("slow-triton"), repository)
    ) as server:
        yield server


@pytest.fixture(scope="module")
def gateway(
    slow_triton: TritonServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GatewayServer]:
    (port,) = free_ports(1)
    server = GatewayServer(
        host="127.0.0.1",
        port=port,
        log_file=tmp_path_factory.mktemp("gateway") / "gateway.log",
        env={"GATEWAY_TRITON_URL": slow_triton.grpc_url, "GATEWAY_MAX_INFLIGHT_REQUESTS": "3"},
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def client(gateway: GatewayServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as http:
        yield http


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _inference_stats(triton: TritonServer) -> dict[str, Any]:
    with grpcclient.InferenceServerClient(triton.grpc_url) as triton_client:
        (stats,) = triton_client.get_inference_statistics("slow", "1", as_json=True)["model_stats"]
    inference: dict[str, Any] = stats.get("inference_stats", {})
    return inference


def served(triton: TritonServer) -> tuple[int, int]:
    """(successful, failed) requests of the slow model so far, as Triton counts them."""
    inference = _inference_stats(triton)
    return int(inference.get("success", {}).get("count", 0)), int(
        inference.get("fail", {}).get("count", 0)
    )


def computed_s(triton: TritonServer) -> float:
    """Seconds the slow model has spent executing requests so far."""
    return int(_inference_stats(triton).get("compute_infer", {}).get("ns", 0)) / 1e9


def settled(triton: TritonServer, expected_total: int) -> tuple[int, int]:
    return poll(lambda: served(triton), lambda counts: sum(counts) >= expected_total, 20)


def shed_total(metrics: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
        if sample.name == "inferstack_gateway_requests_shed_total"
    )


@pytest.mark.anyio
async def test_past_the_admission_limit_requests_are_refused_at_once(
    client: httpx.AsyncClient, slow_triton: TritonServer
) -> None:
    before = shed_total((await client.get("/metrics")).text)
    # Three requests fill the gateway (one runs in Triton, two wait in its queue).
    holding = [asyncio.create_task(client.post(INFER, json=body(2500))) for _ in range(3)]
    await wait_until_queued(slow_triton, 2, holding)
    refused = await client.post(INFER, json=body(1))
    assert_problem(refused, 503, "overloaded")
    assert refused.headers["retry-after"] == "1"
    for path in ("/healthz", "/readyz", "/metrics", "/v1/models"):
        assert (await client.get(path)).status_code == 200, f"{path} refused under load"
    answers = await asyncio.gather(*holding)
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert shed_total((await client.get("/metrics")).text) == before + 1
    assert (await client.post(INFER, json=body(1))).status_code == 200, "serving again"


def pending(triton: TritonServer) -> float:
    """Requests waiting in the slow model's queue (Triton's own gauge), not yet executing."""
    text = httpx.get(triton.metrics_url).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "nv_inference_pending_request_count" and sample.labels["model"] == "slow"
    )


async def wait_until_queued(
    triton: TritonServer, count: int, holding: Sequence[asyncio.Task[httpx.Response]]
) -> None:
    """Until `count` requests wait in Triton's queue (so one more is executing). Fails at once,
    with the answers, when one of the `holding` requests is answered before that."""
    deadline = asyncio.get_running_loop().time() + 20
    while (queued := await asyncio.to_thread(pending, triton)) < count:
        answered, _ = await asyncio.wait(holding, timeout=0.01)
        assert not answered, f"answered before {count} reached Triton's queue: " + "; ".join(
            f"{task.result().status_code} {task.result().text}" for task in answered
        )
        assert asyncio.get_running_loop().time() < deadline, (
            f"only {queued} requests reached Triton's queue"
        )


@pytest.mark.anyio
async def test_a_passed_deadline_is_a_504_and_triton_drops_the_waiting_work(
    client: httpx.AsyncClient, slow_triton: TritonServer
) -> None:
    ok, failed = served(slow_triton)
    blockers = [asyncio.create_task(client.post(INFER, json=body(800))) for _ in range(2)]
    await wait_until_queued(slow_triton, 1, blockers)
    late = await client.post(INFER, json=body(1), headers={"X-Request-Timeout": "0.2"})
    assert_problem(late, 504, "deadline-exceeded")
    assert [answer.status_code for answer in await asyncio.gather(*blockers)] == [200, 200]
    # The late request waited in Triton's queue past its deadline: never executed.
    assert settled(slow_triton, ok + failed + 3) == (ok + 2, failed + 1)


@pytest.mark.anyio
async def test_work_for_a_caller_who_left_is_not_done_to_the_end(
    gateway: GatewayServer, slow_triton: TritonServer
) -> None:
    ok, failed = served(slow_triton)
    busy_s = computed_s(slow_triton)
    async with httpx.AsyncClient(base_url=gateway.url, timeout=0.3) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            await impatient.post(INFER, json=body(5000))
    # The gateway cancelled its Triton call; the model saw the cancellation and stopped long
    # before the 5 s it was asked for (Triton counts its early answer with the others).
    settled(slow_triton, ok + failed + 1)
    assert computed_s(slow_triton) - busy_s < 2.5
    async with httpx.AsyncClient(base_url=gateway.url) as http:
        metrics = (await http.get("/metrics")).text
    assert 'route="/v2/models/{model}/infer",status="499"' in metrics


@pytest.mark.anyio
async def test_a_full_triton_queue_is_a_503_with_retry_after(
    client: httpx.AsyncClient, gateway: GatewayServer, slow_triton: TritonServer
) -> None:
    # One running and two queued fill the slow model's queue (max_queue_size 2); the gateway's
    # own limit (3) is not reached, so a direct caller of Triton makes the fourth.
    holding = [asyncio.create_task(client.post(INFER, json=body(1000))) for _ in range(2)]
    with grpcclient.InferenceServerClient(slow_triton.grpc_url) as direct:
        occupant = direct.async_infer("slow", [_input(1000)], callback=lambda *_: None)
        await wait_until_queued(slow_triton, 2, holding)
        refused = await client.post(INFER, json=body(1))
        assert_problem(refused, 503, "overloaded")
        assert refused.headers["retry-after"]
        assert "queue" in refused.json()["detail"]
        del occupant
    assert [answer.status_code for answer in await asyncio.gather(*holding)] == [200, 200]


def _input(delay_ms: int) -> grpcclient.InferInput:
    import numpy as np

    tensor = grpcclient.InferInput("delay_ms", [1, 1], "INT32")
    tensor.set_data_from_numpy(np.array([[delay_ms]], dtype=np.int32))
    return tensor
