"""Start services in order, keep them up until Ctrl-C or SIGTERM, stop them in reverse."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Protocol

from inferstack_tools.launcher.signals import ShutdownRequested

_WATCH_INTERVAL_S = 0.5


class Service(Protocol):
    name: str

    def start(self) -> None: ...

    def stop(self) -> int | None: ...

    def is_running(self) -> bool: ...

    def describe(self) -> str:
        """One line saying where to reach the service."""
        ...


class StartupError(Exception):
    """A service could not start; its message is meant for a person."""


def supervise(services: Sequence[Service], banner: str = "") -> int:
    """Run `services` until a shutdown signal; return a process exit code.

    `banner` is printed once everything is ready (e.g. which address to open).
    """
    shutdown = ShutdownRequested()
    started: list[Service] = []
    try:
        for service in services:
            if shutdown:
                return 130
            print(f"Starting {service.name} ...", flush=True)
            try:
                service.start()
            except Exception as exc:
                print(f"error: {service.name}: {exc}", file=sys.stderr, flush=True)
                return 2
            started.append(service)
        print("\n".join(["", "Ready:", *(f"  {s.describe()}" for s in started)]), flush=True)
        if banner:
            print(f"\n{banner}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        while not shutdown.wait(_WATCH_INTERVAL_S):
            for service in started:
                if not service.is_running():
                    print(f"error: {service.name} exited unexpectedly", file=sys.stderr)
                    return 1
        return 0
    finally:
        for service in reversed(started):
            service.stop()
            print(f"Stopped {service.name}.", flush=True)
