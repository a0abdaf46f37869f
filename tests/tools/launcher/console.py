"""Run a project command as a person would and read what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def launch(module: str, env: dict[str, str], out: Path) -> subprocess.Popen[str]:
    """`python -m module` with `env` added, stdout and stderr into `out`."""
    with out.open("w") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", module],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            text=True,
        )


def wait_for_text(out: Path, text: str, process: subprocess.Popen[str]) -> None:
    """Poll `out` until `text` appears; fail if the process exits first."""
    deadline = time.monotonic() + 120
    while text not in out.read_text():
        assert process.poll() is None, out.read_text()
        assert time.monotonic() < deadline, out.read_text()
        time.sleep(0.1)


def server_pids(*markers: bytes) -> set[int]:
    """Pids of processes whose command line contains any of `markers`.

    Use markers unique to the test (its tmp_path, its ports): other tests and other programs on
    the machine start servers of their own at the same time.
    """
    pids = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if any(marker in cmdline for marker in markers):
                pids.add(int(entry.name))
    return pids
