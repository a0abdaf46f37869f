"""Train the ``digits`` model, export both versions to ONNX and write their model cards.

Version 1 is a linear model, version 2 a small neural network; both read ``[N, 8, 8]`` float32
pixels in 0..16 (``load_digits().images``) and return ``[N, 10]`` class probabilities::

    python -m inferstack_tools.models.digits --output model_repository
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from inferstack_tools.models.digits_card import render_markdown
from inferstack_tools.models.onnx_export import PROBABILITIES, opsets, run_onnx, to_onnx

MODEL_NAME = "digits"
SEED = 0
TEST_SIZE = 0.2
IMAGE_SHAPE = (8, 8)
N_CLASSES = 10
INPUT_NAME = "pixels"
OUTPUT_NAME = PROBABILITIES
ONNX_FILE = "model.onnx"
CARD_FILE = "model_card.json"
REPRODUCE = "python -m inferstack_tools.models.digits --output model_repository"
SPLIT_DESCRIPTION = (
    f"sklearn.model_selection.train_test_split(images, labels, test_size={TEST_SIZE}, "
    f"stratify=labels, random_state={SEED})"
)
LIBRARIES = ("numpy", "scikit-learn", "skl2onnx", "onnx", "onnxruntime")

Images = npt.NDArray[np.float32]
Labels = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Recipe:
    """How one version is built; hyperparameters were fixed by 5-fold CV on the training part."""

    version: int
    algorithm: str
    target_accuracy: float
    make: Callable[[], Pipeline]


def _linear() -> Pipeline:
    """Standardised pixels into a multinomial logistic regression."""
    return Pipeline(
        [("scale", StandardScaler()), ("classify", LogisticRegression(C=1.0, max_iter=5000))]
    )


def _mlp() -> Pipeline:
    """Standardised pixels into one hidden layer of 128 ReLU units."""
    mlp = MLPClassifier(hidden_layer_sizes=(128,), alpha=1.0, max_iter=2000, random_state=SEED)
    return Pipeline([("scale", StandardScaler()), ("classify", mlp)])


RECIPES: dict[int, Recipe] = {
    1: Recipe(1, "StandardScaler + LogisticRegression(C=1.0, lbfgs)", 0.94, _linear),
    2: Recipe(
        2, "StandardScaler + MLPClassifier(hidden=(128,), relu, adam, alpha=1.0)", 0.97, _mlp
    ),
}


@dataclass(frozen=True)
class Split:
    """The fixed stratified 80/20 split of ``load_digits``; images are ``[N, 8, 8]`` float32."""

    x_train: Images
    x_test: Images
    y_train: Labels
    y_test: Labels


def load_split() -> Split:
    """Load the digits bundled with scikit-learn and split them (stratified, seed ``SEED``)."""
    data = load_digits()
    images = np.asarray(data.images, dtype=np.float32)
    labels = np.asarray(data.target, dtype=np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        images, labels, test_size=TEST_SIZE, stratify=labels, random_state=SEED
    )
    return Split(x_train, x_test, y_train, y_test)


def train(recipe: Recipe, split: Split) -> Pipeline:
    """Fit ``recipe`` on the training part (pixels flattened to 64 features).

    BLAS runs on one thread: its float sums, hence the weights' last bits, depend on the
    thread count.
    """
    pipeline = recipe.make()
    with threadpool_limits(limits=1):
        pipeline.fit(split.x_train.reshape(len(split.x_train), -1), split.y_train)
    return pipeline


def export(pipeline: Pipeline, recipe: Recipe) -> bytes:
    """Serialise a fitted pipeline to ONNX: ``pixels`` [N, 8, 8] -> ``probabilities`` [N, 10]."""
    model = to_onnx(
        pipeline,
        image_shape=IMAGE_SHAPE,
        input_name=INPUT_NAME,
        graph_name=f"{MODEL_NAME}_v{recipe.version}",
        doc_string=f"{MODEL_NAME} v{recipe.version}: {recipe.algorithm}",
    )
    return bytes(model.SerializeToString())


def predict_proba(model: bytes, images: Images) -> npt.NDArray[np.float32]:
    """Class probabilities of an ONNX ``digits`` model, as onnxruntime computes them."""
    return run_onnx(model, INPUT_NAME, images).astype(np.float32, copy=False)


@dataclass(frozen=True)
class Evaluation:
    """Held-out accuracy, overall and per true class."""

    correct: int
    total: int
    per_class: dict[int, float]

    @property
    def accuracy(self) -> float:
        """Fraction of held-out images classified correctly."""
        return self.correct / self.total


def evaluate(predicted: npt.NDArray[np.int64], labels: Labels) -> Evaluation:
    """Compare predicted classes with the true labels."""
    hits = predicted == labels
    per_class = {c: float(hits[labels == c].mean()) for c in range(N_CLASSES)}
    return Evaluation(int(hits.sum()), len(labels), per_class)


@dataclass(frozen=True)
class Build:
    """One trained and exported version with its held-out evaluation."""

    recipe: Recipe
    onnx: bytes
    evaluation: Evaluation  # of the exported ONNX model, i.e. what Triton serves
    sklearn_accuracy: float

    @property
    def sha256(self) -> str:
        """Digest of the ONNX bytes."""
        return hashlib.sha256(self.onnx).hexdigest()


def build(recipe: Recipe, split: Split) -> Build:
    """Train, export and evaluate one version."""
    pipeline = train(recipe, split)
    onnx_bytes = export(pipeline, recipe)
    predicted = predict_proba(onnx_bytes, split.x_test).argmax(axis=1)
    flat_test = split.x_test.reshape(len(split.x_test), -1)
    sklearn_accuracy = float(pipeline.score(flat_test, split.y_test))
    return Build(recipe, onnx_bytes, evaluate(predicted, split.y_test), sklearn_accuracy)


def model_card(item: Build, split: Split) -> dict[str, Any]:
    """The machine-readable model card of one version."""
    return {
        "model": MODEL_NAME,
        "version": item.recipe.version,
        "algorithm": item.recipe.algorithm,
        "hyperparameters": _hyperparameters(item.recipe),
        "dataset": {
            "name": "sklearn.datasets.load_digits",
            "description": "UCI ML hand-written digits (test part), bundled with scikit-learn",
            "n_samples": len(split.y_train) + len(split.y_test),
            "n_classes": N_CLASSES,
            "image_shape": list(IMAGE_SHAPE),
            "value_range": [0, 16],
        },
        "split": SPLIT_DESCRIPTION,
        "seed": SEED,
        "n_train": len(split.y_train),
        "n_test": len(split.y_test),
        "held_out_accuracy": item.evaluation.accuracy,
        "held_out_correct": item.evaluation.correct,
        "held_out_accuracy_per_class": {str(c): a for c, a in item.evaluation.per_class.items()},
        "sklearn_held_out_accuracy": item.sklearn_accuracy,
        "target_accuracy": item.recipe.target_accuracy,
        "onnx": {
            "file": ONNX_FILE,
            "sha256": item.sha256,
            "opset": opsets(item.onnx),
            "input": {"name": INPUT_NAME, "dtype": "float32", "shape": ["N", *IMAGE_SHAPE]},
            "output": {"name": OUTPUT_NAME, "dtype": "float32", "shape": ["N", N_CLASSES]},
        },
        "libraries": {"python": platform.python_version()}
        | {name: package_version(name) for name in LIBRARIES},
        "reproduce": REPRODUCE,
    }


def _hyperparameters(recipe: Recipe) -> dict[str, Any]:
    """The non-default parameters of the classifier step, JSON-ready."""
    classifier = recipe.make().steps[-1][1]
    defaults = type(classifier)().get_params()
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in classifier.get_params().items()
        if value != defaults[key]
    }


def write(output: Path, builds: Sequence[Build], split: Split) -> list[Path]:
    """Write ``digits/<v>/model.onnx``, ``digits/<v>/model_card.json`` and ``MODEL_CARD.md``."""
    model_dir = output / MODEL_NAME
    written: list[Path] = []
    cards = []
    for item in builds:
        version_dir = model_dir / str(item.recipe.version)
        version_dir.mkdir(parents=True, exist_ok=True)
        card = model_card(item, split)
        cards.append(card)
        (version_dir / ONNX_FILE).write_bytes(item.onnx)
        (version_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        written += [version_dir / ONNX_FILE, version_dir / CARD_FILE]
    markdown = model_dir / "MODEL_CARD.md"
    markdown.write_text(render_markdown(cards), encoding="utf-8")
    return [*written, markdown]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: rebuild both versions into ``--output``."""
    parser = argparse.ArgumentParser(
        prog="python -m inferstack_tools.models.digits",
        description="Train the digits model (v1 linear, v2 MLP) deterministically, export ONNX "
        "and write model cards into <output>/digits/.",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("model_repository"),
        help="Triton model repository to write into (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    split = load_split()
    builds = [build(recipe, split) for recipe in RECIPES.values()]
    for path in write(args.output, builds, split):
        print(f"wrote {path}")
    for item in builds:
        print(
            f"digits v{item.recipe.version}: held-out accuracy {item.evaluation.accuracy:.4f} "
            f"({item.evaluation.correct}/{item.evaluation.total}), sha256 {item.sha256[:12]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
