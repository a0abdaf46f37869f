"""Child processes the stack supervises: own process group, a log file, clean shutdown."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
_POLL_INTERVAL_S = 0.1


class ProcessExitedError(RuntimeError):
    """The child died while we were waiting for it to become ready."""


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask the kernel to SIGTERM the child if the launcher dies, so nothing is orphaned."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def child_setup(cpus: frozenset[int] | None = None) -> Callable[[], None]:
    """What the child runs before exec: die with the parent, and keep to `cpus` if given (set
    before exec, so every thread and child process the program starts inherits it)."""

    def setup() -> None:  # pragma: no cover - runs in the child between fork and exec
        _die_with_parent()
        if cpus:
            os.sched_setaffinity(0, cpus)

    return setup


class ManagedProcess:
    """One child in its own process group, writing stdout and stderr to `log_file`."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log_file: Path,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        cpus: frozenset[int] | None = None,
    ) -> None:
        self.name = name
        self.argv = list(argv)
        self.log_file = log_file
        self.env = dict(env) if env is not None else None
        self.cwd = cwd
        self.cpus = cpus
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self) -> None:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.cwd,
                start_new_session=True,
                preexec_fn=child_setup(self.cpus),
            )

    def returncode(self) -> int | None:
        """None while running (or never started)."""
        return self._process.poll() if self._process else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def wait_until(self, ready: Callable[[], bool], timeout_s: float) -> None:
        """Poll `ready` until it holds; raise if the child exits or time runs out."""
        deadline = time.monotonic() + timeout_s
        while True:
            code = self.returncode()
            if code is not None:
                raise ProcessExitedError(
                    f"{self.name} exited with code {code} while starting; "
                    f"last log line: {self.last_log_line()!r} (log: {self.log_file})"
                )
            if ready():
                return
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"{self.name} was not ready after {timeout_s:.0f} s (log: {self.log_file})"
                )
            time.sleep(_POLL_INTERVAL_S)

    def stop(self, timeout_s: float) -> int | None:
        """SIGTERM the whole group, then SIGKILL it after `timeout_s`. Returns the exit code."""
        process = self._process
        if process is None:
            return None
        if process.poll() is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
        # Grandchildren (e.g. Triton's Python stubs) may outlive a clean parent exit.
        _signal_group(process.pid, signal.SIGKILL)
        return process.returncode

    def last_log_line(self) -> str:
        try:
            lines = self.log_file.read_text(errors="replace").strip().splitlines()
        except FileNotFoundError:
            return ""
        return lines[-1] if lines else ""


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def http_ok(url: str, timeout_s: float = 1.0) -> bool:
    """True when `url` answers 2xx."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310 - local URL
            return 200 <= int(response.status) < 300
    except (urllib.error.URLError, OSError, ValueError):
        return False


def port_is_free(address: str, port: int) -> bool:
    """Whether a listener could bind `address:port` now (TIME_WAIT leftovers do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


def free_ports(count: int, address: str = "127.0.0.1") -> list[int]:
    """`count` distinct ports the OS says are free right now."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind((address, 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def connect_host(address: str) -> str:
    """The host to connect to for a server bound to `address`."""
    return "127.0.0.1" if address in ("0.0.0.0", "") else address  # noqa: S104 - comparison only
