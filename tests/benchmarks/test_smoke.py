"""The harness end to end, as `./dev bench --smoke` runs it: real Triton, gateway, monoliths,
load-generator and probe processes; short windows, so the figures mean nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import MODEL_REPOSITORY


def test_a_smoke_run_measures_every_arm_and_writes_the_report(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "inferstack_bench",
            "--smoke",
            "--concurrency",
            "2",
            "--repository",
            str(MODEL_REPOSITORY),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    cells = json.loads((tmp_path / "results.json").read_text())["cells"]
    arms = {
        "direct",
        "gateway",
        "gateway-nolog",
        "v2",
        "gateway-2w",
        "monolith-async",
        "monolith-threads",
    }
    assert {(c["model"], c["arm"]) for c in cells} == {
        (model, arm) for model in ("digits", "minilm") for arm in arms
    }
    for c in cells:
        assert c["errors"] == 0
        assert c["requests"] > 0
        assert c["throughput"] > 0
        assert c["health_probes"] > 0
        assert all(ms > 0 for ms in c["cpu_ms_per_request"].values())
        assert c["client_cpu_ms_per_request"] > 0
    assert (tmp_path / "results.png").read_bytes().startswith(b"\x89PNG")
    assert "## Targets" in (tmp_path / "results.md").read_text()
    assert "gateway/direct" in done.stdout
    assert "2 workers/1 worker" in done.stdout
