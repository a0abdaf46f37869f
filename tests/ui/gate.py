"""A gate in front of the real gateway: an HTTP proxy that holds image requests on demand.

Lets a test stop a batch at a known point (after exactly N requests were answered) without
timing: requests past the gate wait until the test opens it. Everything else passes through.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "host",
}


class Gate:
    """Lets `allowed` image requests through, holds the next ones until `open()`."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.passed = 0
        self.waiting = 0
        self._lock = threading.Condition()
        self._open = threading.Event()

    def enter(self) -> None:
        with self._lock:
            if self.passed < self.allowed or self._open.is_set():
                self.passed += 1
                return
            self.waiting += 1
            self._lock.notify_all()
        self._open.wait(60)
        with self._lock:
            self.waiting -= 1
            self.passed += 1

    def wait_for_held(self, count: int = 1, timeout_s: float = 60) -> bool:
        """Block until `count` requests wait at the gate."""
        with self._lock:
            return self._lock.wait_for(lambda: self.waiting >= count, timeout_s)

    def open(self) -> None:
        self._open.set()


@contextmanager
def gated_proxy(upstream: str, gate: Gate) -> Iterator[str]:
    """A proxy to `upstream` on a free port, image requests through `gate`; yields its URL."""
    client = httpx.Client(base_url=upstream, timeout=60)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _forward(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.command == "POST" and self.path.startswith("/v1/image-classification"):
                gate.enter()
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            answer = client.request(self.command, self.path, content=body, headers=headers)
            self.send_response(answer.status_code)
            for name, value in answer.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = _forward  # noqa: N815
        do_POST = _forward  # noqa: N815

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        gate.open()
        server.shutdown()
        server.server_close()
        client.close()
