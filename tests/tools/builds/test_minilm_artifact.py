"""Build on first use: ``ensure_minilm`` rebuilds only when the files differ from the card."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from inferstack_tools.builds import minilm_artifact as artifact
from inferstack_tools.builds.minilm_artifact import MiniLMBuildError, ensure_minilm
from tests.conftest import REPO_ROOT

ONNX_BYTES = b"onnx model bytes"
TOKENIZER_BYTES = b'{"tokenizer": true}'


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checkout(root: Path, onnx: bytes | None = ONNX_BYTES, card: bool = True) -> Path:
    """A fake checkout: config.pbtxt, the card recording ONNX_BYTES and TOKENIZER_BYTES, and
    (unless None) ``onnx`` as model.onnx next to the right tokenizer."""
    version = root / "model_repository" / "minilm" / "1"
    version.mkdir(parents=True)
    (version.parent / "config.pbtxt").write_text('name: "minilm"\n')
    if card:
        recorded = {"onnx_sha256": digest(ONNX_BYTES), "tokenizer_sha256": digest(TOKENIZER_BYTES)}
        (version / "model_card.json").write_text(json.dumps(recorded))
    if onnx is not None:
        (version / "model.onnx").write_bytes(onnx)
    (version / "tokenizer.json").write_bytes(TOKENIZER_BYTES)
    return root


class FakeBuild:
    """Records its calls; writes ``output`` as model.onnx, like a build would."""

    def __init__(self, output: bytes = ONNX_BYTES) -> None:
        self.output = output
        self.calls: list[Path] = []

    def __call__(self, repo_root: Path) -> None:
        self.calls.append(repo_root)
        artifact.version_dir(repo_root).joinpath("model.onnx").write_bytes(self.output)


def test_nothing_is_built_when_the_files_match_the_card(tmp_path: Path) -> None:
    build = FakeBuild()
    ensure_minilm(checkout(tmp_path), build=build)
    assert build.calls == []


@pytest.mark.parametrize("onnx", [None, b"an older export"], ids=["missing", "different"])
def test_a_missing_or_different_onnx_file_is_rebuilt(tmp_path: Path, onnx: bytes | None) -> None:
    root = checkout(tmp_path, onnx=onnx)
    assert artifact.stale_artifacts(root)
    build = FakeBuild()
    ensure_minilm(root, build=build)
    assert build.calls == [root]
    assert artifact.stale_artifacts(root) == []


def test_a_different_tokenizer_is_rebuilt(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    (artifact.version_dir(root) / "tokenizer.json").write_bytes(b"{}")
    (reason,) = artifact.stale_artifacts(root)
    assert "tokenizer.json: SHA-256" in reason
    assert "refusing it" in reason


def test_a_build_that_does_not_produce_the_recorded_file_is_an_error(tmp_path: Path) -> None:
    root = checkout(tmp_path, onnx=None)
    with pytest.raises(MiniLMBuildError, match=r"after the minilm build: .*model\.onnx"):
        ensure_minilm(root, build=FakeBuild(output=b"something else"))


def test_a_checkout_without_the_model_is_left_alone(tmp_path: Path) -> None:
    build = FakeBuild()
    ensure_minilm(tmp_path, build=build)
    assert build.calls == []


def test_a_missing_card_counts_as_stale(tmp_path: Path) -> None:
    root = checkout(tmp_path, card=False)
    (reason,) = artifact.stale_artifacts(root)
    assert reason.startswith("model card unusable: ")


def test_check_digest_refuses_a_file_with_another_hash_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "model.safetensors"
    path.write_bytes(b"tampered")
    artifact.check_digest(path, digest(b"tampered"))
    with pytest.raises(MiniLMBuildError) as raised:
        artifact.check_digest(path, digest(b"original"))
    message = str(raised.value)
    assert "\n" not in message
    assert message == (
        f"{path}: SHA-256 {digest(b'tampered')} differs from the recorded "
        f"{digest(b'original')}; refusing it"
    )
    with pytest.raises(MiniLMBuildError, match="missing"):
        artifact.check_digest(tmp_path / "absent", digest(b""))


def test_the_build_runs_in_the_minilm_hatch_environment(tmp_path: Path) -> None:
    command = artifact.build_command(tmp_path)
    assert command == [
        str(tmp_path / ".tools" / "bin" / "hatch"),
        "run",
        "minilm:build",
        "--output",
        str(tmp_path / "model_repository"),
    ]
    env = artifact.build_environment(
        tmp_path, {"PATH": "/bin", "VIRTUAL_ENV": "/venv", "HATCH_CACHE_DIR": "/cache"}
    )
    assert env == {
        "PATH": "/bin",
        "HATCH_DATA_DIR": str(tmp_path / ".tools" / "data"),
        "HATCH_CACHE_DIR": "/cache",
    }


def test_without_hatch_the_build_says_how_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(MiniLMBuildError, match=r"hatch not found: run \./dev once"):
        artifact.run_build(tmp_path)


def test_the_committed_card_records_the_source_digests_the_build_enforces() -> None:
    card = json.loads((artifact.version_dir(REPO_ROOT) / "model_card.json").read_text())
    files = card["source"]["files"]
    assert {name: entry["sha256"] for name, entry in files.items()} == dict(artifact.SOURCE_SHA256)
    assert card["tokenizer_sha256"] == artifact.SOURCE_SHA256["tokenizer.json"]
    assert card["source"]["package"] == artifact.SOURCE_PACKAGE
    assert card["source"]["version"] == artifact.SOURCE_VERSION
    assert len(card["onnx_sha256"]) == 64
