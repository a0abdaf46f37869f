"""`./dev bench-versions`: each digits version timed in the real Triton at batch 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inferstack_bench.versions import TARGET_MS, main, markdown
from tests.conftest import MODEL_REPOSITORY


def test_a_short_run_reports_every_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--requests", "8", "--warmup", "2", "--output", str(tmp_path)]
    assert main([*args, "--repository", str(MODEL_REPOSITORY)]) == 0
    report = json.loads((tmp_path / "digits_versions.json").read_text())
    assert list(report["versions"]) == ["1", "2", "3"]
    assert [f["input"] for f in report["versions"].values()] == ["8x8", "8x8", "28x28"]
    for figures in report["versions"].values():
        assert figures["inferences"] == 8  # every request counted, one image each
        assert figures["executions"] == 8  # one at a time: batches of one
        assert 0 < figures["compute_infer_ms"] <= figures["compute_ms"]
        assert figures["p50_ms"] <= figures["p99_ms"]
    assert f"(target <= {TARGET_MS:g} ms)" in report["target"]
    assert (tmp_path / "digits_versions.md").read_text() == markdown(report)
    assert report["target"] in capsys.readouterr().out


def test_the_committed_report_is_for_every_version() -> None:
    committed = Path(__file__).resolve().parents[2] / "docs" / "benchmarks"
    report = json.loads((committed / "digits_versions.json").read_text())
    assert list(report["versions"]) == ["1", "2", "3"]
    assert report["versions"]["3"]["compute_ms"] <= TARGET_MS
    assert (committed / "digits_versions.md").read_text() == markdown(report)
