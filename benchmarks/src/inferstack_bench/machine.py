"""What the benchmark ran on, for the report."""

from __future__ import annotations

import datetime
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import psutil


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    """The checkout's commit, `-dirty` when tracked files differ from it (the run measured
    code no commit holds)."""
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=7"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def describe(pinning: str) -> dict[str, str]:
    memory = psutil.virtual_memory().total / 2**30
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{_cpu_model()}, {psutil.cpu_count()} logical CPUs",
        "memory": f"{memory:.0f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "triton": f"tritonserver 2.51 from nvidia-pytriton {_version('nvidia-pytriton')}, CPU, "
        "Python backend",
        "onnxruntime": _version("onnxruntime"),
        "pinning": pinning,
        "commit": _commit(),
    }
