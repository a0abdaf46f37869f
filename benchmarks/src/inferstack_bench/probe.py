"""The health probe: ``GET`` a health URL at a steady pace, in a process of its own, until
SIGTERM; then write every probe's start time (monotonic seconds) and latency.

A server whose event loop is blocked by inference answers its health check only once the loop is
free again: the probe's latency under load shows it.

The probe shares its CPU with the load generator, which can keep that CPU busy; so it raises
its own scheduling priority where it may (root), and its latency is the server's rather than
its wait for the load generator's time slice to end.

Run: ``python -m inferstack_bench.probe URL INTERVAL_S RESULT.json``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

_TIMEOUT_S = 30.0
_PRIORITY = -10  # nice value: ahead of the load generator on the CPU they share


class _Stop:
    def __init__(self) -> None:
        self.requested = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True


def probe(url: str, interval_s: float, stop: _Stop) -> list[tuple[float, float, bool]]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    connection = http.client.HTTPConnection(host, port, timeout=_TIMEOUT_S)
    samples: list[tuple[float, float, bool]] = []
    while not stop.requested:
        start = time.monotonic()
        ok = False
        try:
            connection.request("GET", parts.path or "/")
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()  # reconnects on the next request
        end = time.monotonic()
        samples.append((start, end - start, ok))
        time.sleep(max(0.0, interval_s - (end - start)))  # pacing, not waiting for readiness
    connection.close()
    return samples


def main(argv: list[str] | None = None) -> int:
    url, interval, result_file = (argv if argv is not None else sys.argv[1:])[:3]
    with contextlib.suppress(OSError):  # not permitted: the probe runs at normal priority
        os.setpriority(os.PRIO_PROCESS, 0, _PRIORITY)
    stop = _Stop()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    samples = probe(url, float(interval), stop)
    Path(result_file).write_text(json.dumps(samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
