"""Nothing answered is lost. The real gateway process (the launcher's GatewayServer) on its
default SQLite file: created on first start; SIGTERM under load, restart, and every answered
request is in the log. On a real PostgreSQL that goes down and comes back: requests keep
getting 200, the log reports itself degraded (the gateway stays ready), drops are counted, and
writing resumes."""

from __future__ import annotations

import signal
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from inferstack_gateway.app import create_app
from inferstack_gateway.settings import GatewaySettings
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer
from tests.digit_images import b64, held_out, render
from tests.gateway.predictions.log_client import all_records, wait_for
from tests.polling import poll
from tests.postgres import PostgresServer

CLIENTS = 4
BEFORE_SIGTERM = 60  # answered requests before the gateway is told to stop


def _body() -> dict[str, Any]:
    return {"images": [{"data": b64(render(held_out().images[0]))}]}


def _gateway(triton: TritonServer, state_dir: Path, log_file: Path) -> GatewayServer:
    (port,) = free_ports(1)
    env = {"GATEWAY_TRITON_URL": triton.grpc_url, "GATEWAY_STATE_DIR": str(state_dir)}
    return GatewayServer(host="127.0.0.1", port=port, log_file=log_file, env=env)


def test_sigterm_under_load_loses_no_answered_request(triton: TritonServer, tmp_path: Path) -> None:
    state_dir = tmp_path / "state"
    database = state_dir / "gateway" / "predictions.sqlite3"
    server = _gateway(triton, state_dir, tmp_path / "gateway.log")
    server.start()
    assert database.is_file()  # the default SQLite file, created and migrated on first start
    answered: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    body = _body()

    def load() -> None:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            while not stop.is_set():
                request_id = uuid.uuid4().hex
                try:
                    response = client.post(
                        "/v1/image-classification", json=body, headers={"X-Request-ID": request_id}
                    )
                except httpx.HTTPError:
                    continue  # refused or cut while stopping: never answered
                with lock:
                    answered.append(request_id)
                assert response.status_code == 200, response.text

    threads = [threading.Thread(target=load) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        poll(lambda: len(answered), lambda n: n >= BEFORE_SIGTERM, 60)
        code = server.stop()  # SIGTERM while the clients keep sending
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    # A clean exit; uvicorn re-raises the SIGTERM it handled once it has shut down.
    assert code in (0, -signal.SIGTERM), server.log_file.read_text()[-2000:]
    assert "Application shutdown complete" in server.log_file.read_text()
    assert len(answered) >= BEFORE_SIGTERM

    restarted = _gateway(triton, state_dir, tmp_path / "gateway-2.log")
    restarted.start()
    try:
        with httpx.Client(base_url=restarted.url, timeout=10) as client:
            stored = [r["request_id"] for r in all_records(client)]
    finally:
        restarted.stop()
    assert len(stored) == len(set(stored))
    assert set(stored) == set(answered)


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL of this test's own, since the test stops it."""
    server = PostgresServer()
    server.start()
    yield server
    server.remove()


def _dropped(client: TestClient) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("inferstack_gateway_prediction_log_dropped_total "):
            return float(line.split()[1])
    raise AssertionError("no dropped counter in /metrics")


def test_database_down_requests_still_served_drops_counted_then_recovers(
    gateway_settings: GatewaySettings, own_postgres: PostgresServer
) -> None:
    with own_postgres.database("down") as url:
        settings = gateway_settings.model_copy(
            update={
                "database_url": url,
                "prediction_log_flush_ms": 20.0,
                "prediction_log_queue_size": 10,
            }
        )
        with TestClient(create_app(settings)) as client:
            body = _body()

            def send(count: int) -> list[str]:
                ids = [uuid.uuid4().hex for _ in range(count)]
                for request_id in ids:
                    response = client.post(
                        "/v1/image-classification", json=body, headers={"X-Request-ID": request_id}
                    )
                    assert response.status_code == 200, response.text
                return ids

            before = send(5)
            wait_for(client, before)

            own_postgres.stop()
            during = send(40)  # all answered while the database is down
            readiness = poll(
                lambda: client.get("/readyz"),
                lambda r: r.json()["prediction_log"]["state"] == "degraded",
                30,
            )
            assert readiness.status_code == 200  # degraded log, gateway still ready
            log = readiness.json()["prediction_log"]
            assert log["detail"]
            dropped = _dropped(client)
            assert dropped >= 40 - 2 * 10  # at most a queue and a batch in flight are kept
            assert log["dropped"] == dropped

            own_postgres.start()
            poll(
                lambda: client.get("/readyz").json()["prediction_log"],
                lambda s: s["state"] == "ok" and s["pending"] == 0,
                60,
            )
            after = send(5)
            wait_for(client, after)
            stored = {r["request_id"] for r in all_records(client)}
            assert set(before) | set(after) <= stored
            kept = stored & set(during)
            assert len(kept) == 40 - dropped  # nothing lost that was not counted
