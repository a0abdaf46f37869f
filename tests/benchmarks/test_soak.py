"""The soak mode end to end, short: real Triton and gateway, many clients past the admission
limit; the report says what happened (the figures of a 3 s run mean nothing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MODEL_REPOSITORY


def test_a_short_soak_reports_statuses_refusals_and_health(tmp_path: Path) -> None:
    env = {**os.environ, "GATEWAY_MAX_INFLIGHT_REQUESTS": "2"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "inferstack_bench",
            "--soak",
            "--concurrency",
            "24",
            "--duration-s",
            "3",
            "--repository",
            str(MODEL_REPOSITORY),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads((tmp_path / "soak.json").read_text())["result"]
    assert result["statuses"].get("200", 0) > 0
    assert result["statuses"].get("503", 0) > 0, "24 clients past a limit of 2 see refusals"
    assert result["refusals_without_retry_after"] == 0
    assert result["transport_errors"] == {}
    assert result["health_probes"] > 0
    assert "| target | measured | met |" in (tmp_path / "soak.md").read_text()
    assert "transport errors: 0 (met)" in done.stdout
