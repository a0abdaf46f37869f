"""Fail an image build whose model repository lacks a model file, or holds a stale one.

    python3 check_model_repository.py /models

Run by deploy/docker/triton/Dockerfile on the repository it copied. ``minilm``'s ONNX file is a
build product (gitignored); a checkout that never built it, or that holds a build from an
older model card, would otherwise give an image that starts and then fails to load the model.
Every ``<model>/<version>/`` needs its ``model.py``; where the version's ``model_card.json``
records the SHA-256 of ``model.onnx``, the file must be there with that digest. Standard
library only: it runs on the Triton image's Python 3.10.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

BUILD_HINT = "build it first: ./dev hatch run minilm:build (or any ./dev stack / ./dev test run)"


def recorded_onnx_sha256(card: dict[str, Any]) -> str | None:
    """The ONNX digest a model card records: ``onnx_sha256`` or ``onnx.sha256``."""
    if isinstance(card.get("onnx_sha256"), str):
        return str(card["onnx_sha256"])
    onnx = card.get("onnx")
    if isinstance(onnx, dict) and isinstance(onnx.get("sha256"), str):
        return str(onnx["sha256"])
    return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problems(repository: Path) -> list[str]:
    """What is wrong with ``repository``, one line per fault; empty when it can be served."""
    models = sorted(p.parent for p in repository.glob("*/config.pbtxt"))
    if not models:
        return [f"{repository}: no <model>/config.pbtxt"]
    found = []
    for model in models:
        versions = sorted(p for p in model.iterdir() if p.is_dir() and p.name.isdigit())
        if not versions:
            found.append(f"{model.name}: no version directory")
        for version in versions:
            where = f"{model.name}/{version.name}"
            if not (version / "model.py").is_file():
                found.append(f"{where}/model.py is missing")
            card_path = version / "model_card.json"
            if not card_path.is_file():
                continue
            expected = recorded_onnx_sha256(json.loads(card_path.read_text(encoding="utf-8")))
            if expected is None:
                continue
            onnx = version / "model.onnx"
            if not onnx.is_file():
                found.append(f"{where}/model.onnx is missing: {BUILD_HINT}")
            elif sha256(onnx) != expected:
                found.append(
                    f"{where}/model.onnx is not the file its model card records (stale): "
                    + BUILD_HINT
                )
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_model_repository.py MODEL_REPOSITORY", file=sys.stderr)
        return 2
    repository = Path(argv[0])
    found = problems(repository)
    for problem in found:
        print(f"error: {problem}", file=sys.stderr)
    if not found:
        print(f"{repository}: every model version has its files")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
