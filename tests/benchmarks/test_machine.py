"""The report's commit says when the run measured changes no commit holds."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from inferstack_bench.machine import _commit


def test_the_commit_is_marked_dirty_while_tracked_files_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def git(*args: str) -> str:
        identity = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
        done = subprocess.run(
            ["git", *identity, *args], cwd=tmp_path, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    git("init", "-q")
    (tmp_path / "code.py").write_text("x = 1\n")
    git("add", "code.py")
    git("commit", "-q", "-m", "first")
    monkeypatch.chdir(tmp_path)
    head = git("rev-parse", "--short=7", "HEAD")
    assert _commit() == head
    (tmp_path / "code.py").write_text("x = 2\n")
    assert _commit() == f"{head}-dirty"
