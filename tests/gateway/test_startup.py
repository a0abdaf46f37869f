"""Start-up: `on_started` runs once everything is loaded, before the first request; the server
process's collector settings (`heap.py`)."""

from __future__ import annotations

import gc

from fastapi import FastAPI
from fastapi.testclient import TestClient

from inferstack_gateway.app import create_app
from inferstack_gateway.heap import freeze_heap
from inferstack_gateway.settings import GatewaySettings
from inferstack_tools.launcher.triton import TritonServer


def test_on_started_runs_once_after_the_catalog_is_loaded(triton: TritonServer) -> None:
    seen: list[bool] = []
    app: FastAPI

    def started() -> None:
        seen.append(app.state.gateway.catalog.snapshot.loaded)

    app = create_app(GatewaySettings(triton_url=triton.grpc_url), on_started=started)
    assert seen == []
    with TestClient(app) as gateway:
        assert seen == [True]
        assert gateway.get("/v1/models").status_code == 200
    assert seen == [True], "once, not per request"


def test_freeze_heap_moves_what_is_alive_out_of_the_collectors_reach() -> None:
    alive: list[list[int]] = [[] for _ in range(1000)]
    try:
        freeze_heap()
        assert gc.get_freeze_count() >= len(alive)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0
