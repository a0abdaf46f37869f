"""A real PostgreSQL for the tests: Debian's server (`/usr/lib/postgresql/<n>/bin`), started by
the suite as the `postgres` user (it refuses to run as root), in a temporary directory, on a
free port, and stopped at the end. Fresh databases come from pytest-postgresql's janitor."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pytest_postgresql.janitor import DatabaseJanitor

from inferstack_tools.launcher.process import free_ports

USER = "postgres"


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's binaries, or None when none is installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


class PostgresServer:
    """One cluster: `start()` creates it (first time) and starts it, `stop()` stops it (it can
    be started again: the database down and back), `remove()` stops it and deletes it."""

    def __init__(self) -> None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="inferstack-pg-"))
        account = pwd.getpwnam(USER)
        os.chown(self.root, account.pw_uid, account.pw_gid)
        self.data = self.root / "data"
        (self.port,) = free_ports(1)
        self.host = "127.0.0.1"
        self._initialised = False

    def _run(self, *argv: str) -> None:
        command = ["runuser", "-u", USER, "--", str(self.bin_dir / argv[0]), *argv[1:]]
        subprocess.run(command, check=True, capture_output=True, cwd=self.root, timeout=60)

    def start(self) -> None:
        if not self._initialised:
            self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8")
            self._initialised = True
        options = (
            f"-c listen_addresses={self.host} -p {self.port} -c fsync=off "
            f"-c unix_socket_directories={self.root} -c full_page_writes=off"
        )
        log = str(self.root / "log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        """The SQLAlchemy URL of database `dbname` (asyncpg)."""
        return f"postgresql+asyncpg://{USER}@{self.host}:{self.port}/{dbname}"

    @contextlib.contextmanager
    def database(self, dbname: str) -> Iterator[str]:
        """A fresh, empty database for the time of the block; its URL."""
        janitor = DatabaseJanitor(user=USER, host=self.host, port=self.port, dbname=dbname)
        with janitor:
            yield self.url(dbname)
