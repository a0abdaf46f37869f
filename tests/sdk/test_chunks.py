"""chunks: a batch cut into requests within the gateway's limits, as the catalog reports them."""

from __future__ import annotations

from inferstack_client.models import ModelList
from inferstack_sdk import BatchClassifier, Gateway, GatewayConfig, RequestLimits, Upload
from inferstack_sdk.chunks import REQUEST_OVERHEAD, plan, request_bytes
from inferstack_tools.launcher.gateway import GatewayServer
from tests.digit_images import held_out
from tests.sdk.conftest import digits


def files(*sizes: int) -> list[Upload]:
    return [Upload(f"{i}.png", b"x" * size) for i, size in enumerate(sizes)]


def test_chunk_size_and_image_count_cap_the_chunks() -> None:
    uploads = files(*[10] * 10)
    assert [len(c) for c in plan(uploads, chunk_size=4)] == [4, 4, 2]
    capped = plan(uploads, chunk_size=16, limits=RequestLimits(max_images=3))
    assert [len(c) for c in capped] == [3, 3, 3, 1]
    assert [u for c in capped for u in c] == uploads, "in order, none lost"


def test_bytes_cap_the_chunks_and_base64_counts_a_third_more() -> None:
    uploads = files(1000, 1000, 1000, 1000)
    one = request_bytes(uploads[0], multipart=True)
    limits = RequestLimits(max_bytes=REQUEST_OVERHEAD + 2 * one)
    assert [len(c) for c in plan(uploads, chunk_size=16, limits=limits, multipart=True)] == [2, 2]
    assert request_bytes(uploads[0], multipart=False) > one + 300
    assert [len(c) for c in plan(uploads, chunk_size=16, limits=limits)] == [1, 1, 1, 1]


def test_an_image_over_the_limit_goes_alone() -> None:
    uploads = files(10, 5000, 10)
    limits = RequestLimits(max_bytes=REQUEST_OVERHEAD + 1000)
    assert [len(c) for c in plan(uploads, chunk_size=16, limits=limits, multipart=True)] == [
        1,
        1,
        1,
    ]
    assert limits.largest_image(multipart=True) == 1000 - 256
    assert RequestLimits().largest_image() is None


def test_the_catalog_gives_the_limits_and_a_batch_keeps_within_them(
    gateway_server: GatewayServer,
) -> None:
    with Gateway(GatewayConfig(gateway_server.url)) as gateway:
        catalog = gateway.catalog()
        assert isinstance(catalog, ModelList)
        (model,) = [m for m in catalog.models if m.name == "digits"]
        limits = RequestLimits.of(model)
        assert limits.max_images == 64
        assert limits.max_bytes == 20 * 1024 * 1024
        assert limits.max_pixels == 16_000_000
        batch = BatchClassifier(
            gateway,
            model="digits",
            top_k=1,
            multipart=True,
            limits=RequestLimits(max_images=2, max_bytes=limits.max_bytes),
        )
        uploads = digits(5)
        assert [len(c) for c in batch.chunks(uploads)] == [2, 2, 1]
        results = batch.classify(uploads)
    labels = held_out().labels
    assert [r.best.label if r.best else None for r in results] == [str(labels[i]) for i in range(5)]
