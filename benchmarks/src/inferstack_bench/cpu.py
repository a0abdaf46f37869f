"""CPU time used by a server: the process and every process it started (Triton's Python-backend
stubs run the models), read from the kernel's accounting."""

from __future__ import annotations

import psutil


def tree_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of `pid` and its live descendants; processes that exit while
    being read count as zero."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def sample(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each role's process tree."""
    return {role: tree_cpu_seconds(pid) for role, pid in pids.items()}
