"""ManagedProcess: the CPUs a child may run on are set before it runs, and inherited."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from inferstack_tools.launcher.process import ManagedProcess

CHILD = (
    "import os, subprocess, sys; print(sorted(os.sched_getaffinity(0))); "
    "subprocess.run([sys.executable, '-c', 'import os; print(sorted(os.sched_getaffinity(0)))'])"
)


def run_to_end(process: ManagedProcess, timeout_s: float = 30.0) -> None:
    process.start()
    deadline = time.monotonic() + timeout_s
    while process.returncode() is None:
        assert time.monotonic() < deadline, "child did not exit"
        time.sleep(0.05)  # polling a child's exit, not waiting for readiness
    assert process.returncode() == 0


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs to pin to one")
def test_a_pinned_child_and_its_children_run_only_on_the_given_cpus(tmp_path: Path) -> None:
    cpu = max(os.sched_getaffinity(0))
    log = tmp_path / "child.log"
    run_to_end(ManagedProcess("child", [sys.executable, "-c", CHILD], log, cpus=frozenset({cpu})))
    assert log.read_text().split("\n")[:2] == [f"[{cpu}]", f"[{cpu}]"]


def test_an_unpinned_child_keeps_every_cpu(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    run_to_end(ManagedProcess("child", [sys.executable, "-c", CHILD], log))
    assert log.read_text().split("\n")[0] == str(sorted(os.sched_getaffinity(0)))
