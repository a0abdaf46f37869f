"""Build ``digits`` version 3: make the training data, train the CNN, export it to ONNX, and write
``digits/3/model.onnx`` and ``digits/3/model_card.json``.

Runs in the ``digits3`` hatch environment (PyTorch CPU), which installs the font packages it
needs with apt-get first (see `fonts.py`)::

    ./dev hatch run digits3:build                 # 11 minutes on 2 idle cores, 22 on busy ones
    ./dev hatch run digits3:build --workers 1     # data made in one process: same result
    ./dev hatch run digits3:build --check         # build into a temporary directory and compare
                                                  # the ONNX digest with the committed card

The result is deterministic on one machine: the data come from fixed seeds (independent of the
number of worker processes), PyTorch trains on THREADS threads with deterministic algorithms. The
evaluation through the gateway (``./dev evaluate-digits``) then measures v1, v2 and v3 on the
four evaluation sets and completes the model card.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort
import torch

from inferstack_tools.builds.digits3 import datasets, fonts, strokes
from inferstack_tools.builds.digits3.augment import FULL, LIGHT
from inferstack_tools.builds.digits3.network import (
    SEED,
    THREADS,
    DigitNet,
    Hyperparameters,
    Probabilities,
    predict,
    train,
)

MODEL_NAME = "digits"
VERSION = 3
INPUT_NAME = "pixels"
OUTPUT_NAME = "probabilities"
ONNX_FILE = "model.onnx"
CARD_FILE = "model_card.json"
OPSET = 18
VALIDATION_FRACTION = 0.05  # of the training items, held back to report a validation accuracy
LIBRARIES = (
    "torch",
    "numpy",
    "pillow",
    "scipy",
    "scikit-learn",
    "onnx",
    "onnxscript",
    "onnxruntime",
)
REPRODUCE = "./dev hatch run digits3:build  (python -m inferstack_tools.builds.digits3.train)"


def split_validation(count: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Fixed training and validation rows of `count` items."""
    order = np.random.default_rng(SEED).permutation(count)
    cut = round(count * VALIDATION_FRACTION)
    return np.sort(order[cut:]), np.sort(order[:cut])


def export(net: DigitNet) -> bytes:
    """The network + softmax as ONNX: pixels [N, 28, 28] -> probabilities [N, 10]."""
    model = Probabilities(net).eval()
    example = (torch.zeros(2, datasets.SIDE, datasets.SIDE),)
    batch = torch.export.Dim("batch", min=1, max=1024)
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / ONNX_FILE
        torch.onnx.export(
            model,
            example,
            str(raw),
            input_names=[INPUT_NAME],
            output_names=[OUTPUT_NAME],
            opset_version=OPSET,
            dynamo=True,
            external_data=False,
            dynamic_shapes={"pixels": {0: batch}},
            optimize=True,
        )
        exported = onnx.load(str(raw))
    _strip_provenance(exported)
    exported.graph.name = f"{MODEL_NAME}_v{VERSION}"
    exported.doc_string = f"{MODEL_NAME} v{VERSION}: a small CNN on 28x28 MNIST-style inputs"
    onnx.checker.check_model(exported, full_check=True)
    return bytes(exported.SerializeToString(deterministic=True))


def _strip_provenance(model: Any) -> None:
    """Drop per-node metadata (stack traces, local paths): bytes must not depend on the place."""
    for graph in [model.graph, *model.functions]:
        for node in graph.node:
            del node.metadata_props[:]
            node.doc_string = ""
    for value in [*model.graph.input, *model.graph.output, *model.graph.value_info]:
        value.doc_string = ""
    del model.metadata_props[:]


def run_onnx(model: bytes, x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    (out,) = session.run([OUTPUT_NAME], {INPUT_NAME: x})
    return np.asarray(out, dtype=np.float32)


def accuracy(probabilities: npt.NDArray[Any], labels: npt.NDArray[np.int64]) -> float:
    return float((probabilities.argmax(axis=1) == labels).mean())


def composition(items: Sequence[datasets.Item]) -> dict[str, Any]:
    """How many training items of each source, and how they were made."""
    counts = {source: sum(item.source == source for item in items) for source in datasets.SOURCES}
    faces = fonts.training_faces()
    return {
        "items": len(items),
        "by_source": counts,
        "fonts": {
            "packages": list(fonts.TRAINING_PACKAGES),
            "faces": len(faces),
            "families": sorted({face.family for face in faces}),
            "renders_per_face_and_digit": datasets.FONT_RENDERS,
            "sizes_pt": [18, 99],
            "excluded_files": list(fonts.EXCLUDED),
        },
        "pen": {
            "per_digit": datasets.PEN_PER_DIGIT,
            "shapes": {str(d): sorted(shapes) for d, shapes in strokes.SHAPES.items()},
            "style_ranges": {k: list(v) for k, v in strokes.STYLE_RANGES.items()},
            "bands": strokes.BANDS,
            "training_bands": "even (0, 2, 4)",
            "undistorted_share": datasets.PEN_PLAIN,
        },
        "sklearn": {
            "split": "load_digits, train_test_split(test_size=0.2, stratify, random_state=0): "
            "the training part (1437 images)",
            "renders_per_image": datasets.SKLEARN_RENDERS,
            "render": "8x8 grid upscaled to 16..111 px (bilinear, bicubic or Lanczos), a margin "
            "of a quarter on each side; render 0 at 64 px, undistorted",
        },
        "augmentation": {"fonts_and_pen": FULL.describe(), "sklearn": LIGHT.describe()},
        "preprocessing": "the gateway's own (inferstack_gateway.processors.mnist_image."
        "image_to_square, 28x28, box 20)",
    }


def build(output: Path, *, workers: int) -> dict[str, Any]:
    """Make the data, train, export, check the export; write the ONNX file and the card."""
    installed = fonts.ensure_packages()
    if installed:
        print(f"installed font packages: {' '.join(installed)}", flush=True)
    started = time.perf_counter()
    items = datasets.training_items()
    print(f"making {len(items)} training images with {workers} process(es) ...", flush=True)

    def progress(done: int) -> None:
        if done % 5000 < 500 or done == len(items):
            print(f"  {done}/{len(items)} ({time.perf_counter() - started:.0f} s)", flush=True)

    x, y = datasets.training_arrays(items, workers=workers, progress=progress)
    data_seconds = time.perf_counter() - started
    fit_rows, check_rows = split_validation(len(items))
    params = Hyperparameters()
    started = time.perf_counter()
    net = train(x[fit_rows], y[fit_rows], params)
    train_seconds = time.perf_counter() - started
    onnx_bytes = export(net)
    torch_probabilities = predict(net, x[check_rows])
    onnx_probabilities = run_onnx(onnx_bytes, x[check_rows])
    difference = float(np.abs(torch_probabilities - onnx_probabilities).max())
    if difference > 1e-4:
        raise SystemExit(f"the ONNX export differs from PyTorch by {difference}")
    sources = np.asarray([item.source for item in items])[check_rows]
    validation = {
        "rows": len(check_rows),
        "accuracy": accuracy(onnx_probabilities, y[check_rows]),
        "by_source": {
            source: accuracy(onnx_probabilities[rows], y[check_rows][rows])
            for source in datasets.SOURCES
            for rows in [sources == source]
        },
    }
    seconds = {"data": round(data_seconds), "training": round(train_seconds)}
    card = model_card(onnx_bytes, items, validation, difference, params, seconds)
    version_dir = output / MODEL_NAME / str(VERSION)
    version_dir.mkdir(parents=True, exist_ok=True)
    (version_dir / ONNX_FILE).write_bytes(onnx_bytes)
    (version_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {version_dir / ONNX_FILE} and {version_dir / CARD_FILE}")
    print(f"validation accuracy {validation['accuracy']:.4f} {validation['by_source']}")
    return card


def model_card(
    onnx_bytes: bytes,
    items: Sequence[datasets.Item],
    validation: dict[str, Any],
    difference: float,
    params: Hyperparameters,
    seconds: dict[str, int],
) -> dict[str, Any]:
    model = onnx.load_from_string(onnx_bytes)
    return {
        "model": MODEL_NAME,
        "version": VERSION,
        "algorithm": "CNN (3 conv blocks 16/32/64, BN, max-pool; 128-unit head), PyTorch, on "
        "28x28 MNIST-style inputs",
        "input": {
            "size": [datasets.SIDE, datasets.SIDE],
            "normalisation": "mnist",
            "description": f"the ink fitted into {datasets.BOX}x{datasets.BOX} keeping its aspect "
            f"ratio, centred by its centre of mass in {datasets.SIDE}x{datasets.SIDE}, values 0..1 "
            "with the ink high (stroke level 1)",
        },
        "network": {
            "layers": "conv5x5(16)-BN-ReLU-maxpool2, conv3x3(32)-BN-ReLU-maxpool2, "
            "conv3x3(64)-BN-ReLU-maxpool2, dropout, linear(576->128)-ReLU, dropout, "
            "linear(128->10), softmax",
            "parameters": sum(int(p.numel()) for p in DigitNet(params.dropout).parameters()),
        },
        "hyperparameters": params.describe(),
        "training_data": composition(items),
        "validation": validation
        | {"description": f"a fixed {VALIDATION_FRACTION:.0%} of the training items, unused"},
        "seed": SEED,
        "threads": THREADS,
        "deterministic_algorithms": True,
        "build_seconds": seconds,
        "onnx": {
            "file": ONNX_FILE,
            "sha256": hashlib.sha256(onnx_bytes).hexdigest(),
            "bytes": len(onnx_bytes),
            "opset": {entry.domain or "ai.onnx": entry.version for entry in model.opset_import},
            "exporter": "torch.onnx.export(dynamo=True, optimize=True), node metadata stripped",
            "max_abs_difference_from_pytorch": difference,
            "input": {"name": INPUT_NAME, "dtype": "float32", "shape": ["N", 28, 28]},
            "output": {"name": OUTPUT_NAME, "dtype": "float32", "shape": ["N", 10]},
        },
        "libraries": {"python": platform.python_version()}
        | {name: package_version(name) for name in LIBRARIES},
        "reproduce": REPRODUCE,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m inferstack_tools.builds.digits3.train",
        description="Build digits v3 (fonts, pen strokes, sklearn; a CNN in PyTorch CPU) into "
        "<output>/digits/3/.",
    )
    parser.add_argument("--output", type=Path, default=Path("model_repository"))
    parser.add_argument("--workers", type=int, default=2, help="processes making the data")
    parser.add_argument(
        "--check",
        action="store_true",
        help="build into a temporary directory instead, and compare the ONNX digest with the "
        "card under --output (writes nothing there)",
    )
    args = parser.parse_args(argv)
    try:
        if not args.check:
            build(args.output, workers=args.workers)
            return 0
        with tempfile.TemporaryDirectory(prefix="digits3-check-") as scratch:
            fresh = build(Path(scratch), workers=args.workers)
    except fonts.FontSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    card_path = args.output / MODEL_NAME / str(VERSION) / CARD_FILE
    committed = json.loads(card_path.read_text(encoding="utf-8"))["onnx"]["sha256"]
    if fresh["onnx"]["sha256"] != committed:
        print(f"differs: ONNX sha256 {fresh['onnx']['sha256']} built, {committed} in {card_path}")
        return 1
    print(f"the build reproduces {card_path}: ONNX sha256 {committed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
