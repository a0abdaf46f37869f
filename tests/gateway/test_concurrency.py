"""200 concurrent requests with distinct images, against a real uvicorn server whose admission
limit lets them all in (the limit itself is tested in test_overload.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import numpy as np
import pytest

from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import gateway_process
from tests.digit_images import b64, held_out, render


@pytest.fixture(scope="module")
def roomy_gateway(
    triton: TritonServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GatewayServer]:
    server = gateway_process(triton, tmp_path_factory, GATEWAY_MAX_INFLIGHT_REQUESTS="256")
    server.start()
    yield server
    server.stop()


@pytest.mark.anyio
async def test_200_concurrent_requests_each_get_their_own_answer(
    roomy_gateway: GatewayServer,
) -> None:
    data = held_out()
    n = 200
    # Distinct images: held-out samples, each rendered at its own size.
    cases = [(i % len(data.labels), 40 + i % 50) for i in range(n)]

    images = [b64(render(data.images[index], size=size)) for index, size in cases]

    async def one(client: httpx.AsyncClient, k: int) -> tuple[int, str, str, str]:
        body = {"images": [{"data": images[k], "name": f"r{k}"}]}
        response = await client.post(
            "/v1/image-classification", json=body, headers={"X-Request-ID": f"req-{k}"}
        )
        assert response.status_code == 200, response.text
        payload = response.json()
        (result,) = payload["results"]
        return k, result["name"], payload["request_id"], result["predictions"][0]["label"]

    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=roomy_gateway.url, timeout=60, limits=limits) as client:
        answers = await asyncio.gather(*(one(client, k) for k in range(n)))
        # The same images classified in a few sequential batches: the reference answers.
        reference: list[str] = []
        for start in range(0, n, 50):
            chunk = [{"data": image} for image in images[start : start + 50]]
            response = await client.post("/v1/image-classification", json={"images": chunk})
            reference += [r["predictions"][0]["label"] for r in response.json()["results"]]

    assert [a[1] for a in answers] == [f"r{k}" for k in range(n)]
    assert [a[2] for a in answers] == [f"req-{k}" for k in range(n)]
    assert [a[3] for a in answers] == reference
    truth = np.asarray([data.labels[index] for index, _ in cases])
    assert np.mean(np.asarray(reference, dtype=int) == truth) >= 0.9


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
