"""Evaluate every ``digits`` version through the whole gateway path, and complete the model card.

Starts Triton (serving ``model_repository/``) and the gateway as real processes on free ports,
then POSTs each evaluation image as a client would: a base64 PNG or JPEG in the JSON body of
``/v1/image-classification``, 64 images per request, with the version pinned. The gateway
decodes, pre-processes for that version's geometry, calls Triton, and ranks. Nothing is sent as
arrays. The sets are in `datasets.py`: scikit-learn's held-out split, held-out font packages,
pen strokes in held-out styles, and photo-like pictures::

    ./dev evaluate-digits                 # evaluate and compare with the committed evaluation
    ./dev evaluate-digits --update-card   # evaluate and rewrite it (evaluation.json, the
                                          # confusion matrix image, MODEL_CARD.md, card.* figures
                                          # in the configurations)

A plain run writes nothing, and fails on a figure further than TOLERANCE from the committed one.
"""

from __future__ import annotations

import argparse
import base64
import json
import platform
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from inferstack_tools.builds.digits3 import fonts
from inferstack_tools.builds.digits3.card_files import (
    EVALUATION_FILE,
    render_card,
    write_card_files,
)
from inferstack_tools.builds.digits3.datasets import EVALUATION_SETS, EvalImage
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports
from inferstack_tools.launcher.triton import TritonServer, TritonSettings

MODEL = "digits"
VERSIONS = ("1", "2", "3")
PER_REQUEST = 64
REFUSED = -1  # the prediction recorded for an image the gateway refused
TOLERANCE = 0.01  # largest difference from the committed accuracies a plain run accepts
TARGETS = {"sklearn": 0.99, "fonts": 0.97, "pen": 0.97, "photo": 0.95}
DESCRIPTIONS = {
    "sklearn": "scikit-learn's held-out split (the 360 images v1 and v2 were never trained on), "
    "each 8x8 grid rendered as a PNG scan: upscaled to 64x64 (bilinear), dark ink on white, a "
    "16-pixel margin (as the benchmark and the tests send them)",
    "fonts": "every digit of every face of the held-out font packages (named below), typeset "
    "at 22, 40 and 72 pt, dark on white, as PNGs",
    "pen": "100 pen-stroke digits per class from the stroke generator, every style parameter "
    "drawn from the bands training never used (the odd bands), all shapes, as PNGs",
    "photo": "60 photo-like JPEGs per class: a held-out face or held-out pen style on tinted "
    "paper, perspective warp, uneven light (gradient and vignette), blur, sensor noise, JPEG "
    "quality 55-91, 120-359 px",
}
REPRODUCE = "./dev evaluate-digits --update-card"


@contextmanager
def served_gateway(repository: Path) -> Iterator[str]:
    """Triton on `repository` and a gateway in front of it, on free ports; the gateway's URL."""
    with tempfile.TemporaryDirectory(prefix="digits-eval-") as scratch:
        http, grpc, metrics, gateway_port = free_ports(4)
        triton = TritonServer(
            TritonSettings(
                model_repository=repository,
                http_port=http,
                grpc_port=grpc,
                metrics_port=metrics,
                work_dir=Path(scratch) / "triton",
            )
        )
        triton.start()
        try:
            gateway = GatewayServer(
                host="127.0.0.1",
                port=gateway_port,
                log_file=Path(scratch) / "gateway.log",
                env={"GATEWAY_TRITON_URL": triton.grpc_url},
            )
            gateway.start()
            try:
                yield gateway.url
            finally:
                gateway.stop()
        finally:
            triton.stop()


def classify(client: httpx.Client, version: str, images: Sequence[EvalImage]) -> list[int]:
    """The top label the gateway gives each image with `version` (PER_REQUEST per request);
    REFUSED for an image the gateway refuses (e.g. no digit found): a wrong answer."""
    predicted: list[int] = []
    for start in range(0, len(images), PER_REQUEST):
        chunk = images[start : start + PER_REQUEST]
        labels = _post(client, version, chunk)
        if labels is None:  # a refused image fails its request: send them one by one
            labels = [(_post(client, version, [image]) or [REFUSED])[0] for image in chunk]
        predicted += labels
    return predicted


def _post(client: httpx.Client, version: str, images: Sequence[EvalImage]) -> list[int] | None:
    body = {
        "model": MODEL,
        "version": version,
        "top_k": 1,
        "images": [{"data": base64.b64encode(image.data).decode("ascii")} for image in images],
    }
    response = client.post("/v1/image-classification", json=body)
    if response.status_code == 422:
        return None
    if response.status_code != 200:
        raise RuntimeError(f"v{version}: HTTP {response.status_code}: {response.text[:500]}")
    results = sorted(response.json()["results"], key=lambda result: result["index"])
    return [int(result["predictions"][0]["label"]) for result in results]


def confusion(labels: Sequence[int], predicted: Sequence[int]) -> list[list[int]]:
    """10x11 counts: row = true digit, column = predicted digit; the last column counts the
    images the gateway refused."""
    matrix = np.zeros((10, 11), dtype=int)
    np.add.at(matrix, (np.asarray(labels), np.asarray(predicted)), 1)  # REFUSED: column -1
    return [[int(v) for v in row] for row in matrix]


def evaluate(
    url: str, sets: Mapping[str, Sequence[EvalImage]], versions: Sequence[str] = VERSIONS
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per version and set: correct, total, accuracy, the confusion matrix, and the images
    it got wrong (index and what each shows)."""
    results: dict[str, dict[str, dict[str, Any]]] = {}
    with httpx.Client(base_url=url, timeout=120) as client:
        for version in versions:
            results[version] = {}
            for name, images in sets.items():
                predicted = classify(client, version, images)
                labels = [image.label for image in images]
                correct = sum(p == t for p, t in zip(predicted, labels, strict=True))
                results[version][name] = {
                    "correct": correct,
                    "total": len(images),
                    "accuracy": correct / len(images),
                    "confusion": confusion(labels, predicted),
                    "errors": [
                        {"index": i, "label": t, "predicted": p, "image": images[i].detail}
                        for i, (p, t) in enumerate(zip(predicted, labels, strict=True))
                        if p != t
                    ],
                }
    return results


def evaluation_record(results: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """The JSON record: the sets, the per-version results, and the default-version rule."""
    wins = {
        name: results["3"][name]["accuracy"] > results["2"][name]["accuracy"] for name in TARGETS
    }
    held_out = fonts.held_out_faces()
    return {
        "model": MODEL,
        "method": "through the whole gateway path: a real Triton and a real gateway process, "
        "each image POSTed as a base64 file in the JSON body of /v1/image-classification "
        f"({PER_REQUEST} per request, the version pinned, top_k 1); the prediction is the "
        "gateway's top label",
        "sets": {
            name: {
                "description": DESCRIPTIONS[name],
                "images": results["3"][name]["total"],
                "target_v3": TARGETS[name],
            }
            for name in TARGETS
        },
        "held_out_font_packages": list(fonts.HELD_OUT_PACKAGES),
        "held_out_font_families": sorted({face.family for face in held_out}),
        "held_out_font_faces": len(held_out),
        "results": results,
        "default_version": {
            "rule": "v3 is the default (the gateway's latest ready version) only if it beats v2 "
            "on every set",
            "v3_beats_v2": wins,
            "v3_is_default": all(wins.values()),
        },
        "libraries": {"python": platform.python_version()}
        | {name: package_version(name) for name in ("numpy", "pillow", "onnxruntime")},
        "reproduce": REPRODUCE,
    }


def compare(record: Mapping[str, Any], committed: Mapping[str, Any]) -> list[str]:
    """Where `record` differs from `committed` by more than TOLERANCE (accuracies)."""
    problems = []
    for version, sets in record["results"].items():
        for name, figures in sets.items():
            before = committed.get("results", {}).get(version, {}).get(name)
            if before is None:
                problems.append(f"v{version} {name}: not in the committed evaluation")
                continue
            if abs(figures["accuracy"] - before["accuracy"]) > TOLERANCE:
                problems.append(
                    f"v{version} {name}: {figures['accuracy']:.4f} now, "
                    f"{before['accuracy']:.4f} committed"
                )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m inferstack_tools.builds.digits3.evaluate",
        description="Evaluate digits v1, v2 and v3 through Triton and the gateway on the four "
        "evaluation sets; compare with (or, with --update-card, rewrite) the committed card.",
    )
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    parser.add_argument("--update-card", action="store_true")
    parser.add_argument(
        "--render-card",
        action="store_true",
        help="only render MODEL_CARD.md again from the committed JSON files (after "
        "./dev bench-versions, say); no evaluation",
    )
    args = parser.parse_args(argv)
    model_dir = args.repository / MODEL
    if args.render_card:
        path = model_dir / "MODEL_CARD.md"
        path.write_text(render_card(model_dir), encoding="utf-8")
        print(f"wrote {path}")
        return 0
    missing = fonts.missing_packages(fonts.HELD_OUT_PACKAGES)
    if missing:
        print(f"error: held-out font packages missing: {' '.join(missing)}", file=sys.stderr)
        return 2
    sets = {name: make() for name, make in EVALUATION_SETS.items()}
    with served_gateway(args.repository) as url:
        record = evaluation_record(evaluate(url, sets))
    for version, figures in record["results"].items():
        line = ", ".join(f"{name} {f['accuracy']:.4f}" for name, f in figures.items())
        print(f"digits v{version}: {line}")
    if args.update_card:
        for path in write_card_files(model_dir, record):
            print(f"wrote {path}")
        return 0
    committed = json.loads((model_dir / EVALUATION_FILE).read_text(encoding="utf-8"))
    problems = compare(record, committed)
    for problem in problems:
        print(f"differs: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
