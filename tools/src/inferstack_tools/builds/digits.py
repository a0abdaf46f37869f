"""Train the ``digits`` model, export both versions to ONNX and write their model cards.

Version 1 is a linear model, version 2 a small neural network trained on the training images plus
copies of them shifted by one pixel and slightly zoomed, so that it tolerates the small offsets and
scale changes of grids made from real pictures. Both read ``[N, 8, 8]`` float32 pixels in 0..16
(``load_digits().images``) and return ``[N, 10]`` class probabilities::

    python -m inferstack_tools.builds.digits --output model_repository

``--search VERSION`` reruns the cross-validated hyperparameter search of a version (version 2:
about half an hour on one core) and prints the results recorded in ``SEARCH_RESULTS`` and in the
model cards.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import platform
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from inferstack_tools.builds.digits3.card_files import render_card
from inferstack_tools.builds.onnx_export import PROBABILITIES, opsets, run_onnx, to_onnx

MODEL_NAME = "digits"
SEED = 0
TEST_SIZE = 0.2
IMAGE_SHAPE = (8, 8)
N_CLASSES = 10
INPUT_NAME = "pixels"
OUTPUT_NAME = PROBABILITIES
ONNX_FILE = "model.onnx"
CARD_FILE = "model_card.json"
REPRODUCE = "python -m inferstack_tools.builds.digits --output model_repository"
SPLIT_DESCRIPTION = (
    f"sklearn.model_selection.train_test_split(images, labels, test_size={TEST_SIZE}, "
    f"stratify=labels, random_state={SEED})"
)
LIBRARIES = ("numpy", "scikit-learn", "skl2onnx", "onnx", "onnxruntime")

CV_FOLDS = 5

Images = npt.NDArray[np.float32]
Labels = npt.NDArray[np.int64]
Shift = tuple[int, int]  # (rows down, columns right)

# The eight one-pixel moves, row by row: up-left, up, up-right, left, right, down-left, down,
# down-right.
NEIGHBOUR_SHIFTS: tuple[Shift, ...] = tuple(
    (dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0)
)
SHIFTED_DESCRIPTION = (
    "every held-out image moved by one pixel, image i towards neighbour i mod 8 of (up-left, up, "
    "up-right, left, right, down-left, down, down-right); vacated pixels are 0"
)


def shift_images(images: Images, dy: int, dx: int) -> Images:
    """``images`` (``[..., H, W]``) moved ``dy`` rows down and ``dx`` columns right.

    Vacated pixels become 0 (background); ink moved past the border is lost.
    """
    moved = np.zeros_like(images)
    rows_to, rows_from = _window(dy, images.shape[-2])
    cols_to, cols_from = _window(dx, images.shape[-1])
    moved[..., rows_to, cols_to] = images[..., rows_from, cols_from]
    return moved


def _window(step: int, size: int) -> tuple[slice, slice]:
    """Destination and source slices of a move by ``step`` (``|step| < size``) along one axis."""
    if step >= 0:
        return slice(step, size), slice(0, size - step)
    return slice(0, size + step), slice(-step, size)


def zoom_images(images: Images, factor: float) -> Images:
    """``images`` (``[..., H, W]``) scaled by ``factor`` about the grid's centre.

    Each output cell is the mean of the input area it covers (0 outside the grid), the way the
    data's cells average 4x4 blocks of a bitmap; values stay within the input's range.
    """
    rows = _area_resampling(factor, images.shape[-2])
    cols = _area_resampling(factor, images.shape[-1])
    zoomed = rows @ images.astype(np.float64) @ cols.T
    return zoomed.astype(np.float32)


def _area_resampling(factor: float, size: int) -> npt.NDArray[np.float64]:
    """``[size, size]`` matrix taking a row of cells to the row zoomed by ``factor``."""
    centre = size / 2
    edges = centre + (np.arange(size + 1, dtype=np.float64) - centre) / factor
    low, high = edges[:-1, np.newaxis], edges[1:, np.newaxis]
    cells = np.arange(size, dtype=np.float64)[np.newaxis, :]
    overlap = np.clip(np.minimum(high, cells + 1) - np.maximum(low, cells), 0.0, None)
    matrix: npt.NDArray[np.float64] = overlap / (high - low)
    return matrix


def shift_held_out(images: Images) -> Images:
    """The shifted evaluation set: image i moved one pixel towards ``NEIGHBOUR_SHIFTS[i % 8]``."""
    shifted = np.empty_like(images)
    step = len(NEIGHBOUR_SHIFTS)
    for index, (dy, dx) in enumerate(NEIGHBOUR_SHIFTS):
        shifted[index::step] = shift_images(images[index::step], dy, dx)
    return shifted


@dataclass(frozen=True)
class Augmentation:
    """Extra training images: each one also shifted by every ``shifts`` and zoomed by every
    ``zooms``. Only the training part (or a cross-validation fold's training images) is
    augmented, never the images a model is scored on."""

    shifts: tuple[Shift, ...] = ()
    zooms: tuple[float, ...] = ()

    @property
    def copies(self) -> int:
        """How many images the augmented set holds per original one (itself included)."""
        return 1 + len(self.shifts) + len(self.zooms)

    def apply(self, images: Images, labels: Labels) -> tuple[Images, Labels]:
        """The originals, then every shifted copy, then every zoomed copy."""
        variants = [
            images,
            *(shift_images(images, dy, dx) for dy, dx in self.shifts),
            *(zoom_images(images, factor) for factor in self.zooms),
        ]
        return np.concatenate(variants), np.tile(labels, len(variants))

    @property
    def name(self) -> str:
        """Short name: ``none``, ``shifts``, ``zooms`` or ``shifts+zooms``."""
        parts = [part for part, used in (("shifts", self.shifts), ("zooms", self.zooms)) if used]
        return "+".join(parts) or "none"

    def describe(self) -> str:
        """One sentence for the model card."""
        if self.copies == 1:
            return "the training images as they are, not augmented"
        parts = ["each training image as it is"]
        if self.shifts == NEIGHBOUR_SHIFTS:
            parts.append("moved by one pixel towards each of its 8 neighbours (zero fill)")
        elif self.shifts:
            parts.append(f"moved by each of {list(self.shifts)} pixels (zero fill)")
        if self.zooms:
            factors = ", ".join(f"{factor:g}" for factor in self.zooms)
            parts.append(f"zoomed about its centre by {factors} (area averaging)")
        return f"{', '.join(parts)}: {self.copies}x the training part"

    def card(self, n_train: int) -> dict[str, Any]:
        """JSON-ready description."""
        return {
            "name": self.name,
            "description": self.describe(),
            "shifts": [list(shift) for shift in self.shifts],
            "zooms": list(self.zooms),
            "n_train_augmented": n_train * self.copies,
        }


NO_AUGMENTATION = Augmentation()
SHIFTS = Augmentation(shifts=NEIGHBOUR_SHIFTS)
SHIFTS_AND_ZOOMS = Augmentation(shifts=NEIGHBOUR_SHIFTS, zooms=(0.875, 1.125))
AUGMENTATIONS = {item.name: item for item in (NO_AUGMENTATION, SHIFTS, SHIFTS_AND_ZOOMS)}


def _linear(c: float) -> Pipeline:
    """Standardised pixels into a multinomial logistic regression (inverse L2 strength ``c``)."""
    return Pipeline(
        [("scale", StandardScaler()), ("classify", LogisticRegression(C=c, max_iter=5000))]
    )


def _mlp(hidden: int, alpha: float) -> Pipeline:
    """Standardised pixels into one hidden layer of ``hidden`` ReLU units (adam, L2 ``alpha``)."""
    mlp = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=2000, random_state=SEED)
    return Pipeline([("scale", StandardScaler()), ("classify", mlp)])


def candidate(
    version: int, point: Mapping[str, Any]
) -> tuple[Callable[[], Pipeline], Augmentation]:
    """The pipeline factory and training augmentation of ``version`` at one point of its grid."""
    if version == 1:
        return partial(_linear, point["C"]), NO_AUGMENTATION
    return partial(_mlp, point["hidden"], point["alpha"]), AUGMENTATIONS[point["augmentation"]]


# Hyperparameter searches (``--search VERSION``): every combination of a version's GRIDS values,
# scored by CV_FOLDS-fold cross-validation on the training part only, ranked by RANKINGS.
GRIDS: dict[int, dict[str, tuple[Any, ...]]] = {
    1: {"C": (0.01, 0.1, 1.0, 10.0)},
    2: {
        "augmentation": tuple(AUGMENTATIONS),
        "hidden": (64, 128, 256),
        "alpha": (0.0001, 0.01, 0.1, 1.0),
    },
}
CV_METHOD = (
    f"{CV_FOLDS}-fold StratifiedKFold(shuffle=True, random_state={SEED}) on the training part "
    "only; the training folds are augmented (if at all), the validation fold is scored as it is "
    "(accuracy) and shifted by one pixel like the held-out part (shifted_accuracy)"
)
CRITERIA = {
    # The linear baseline is tuned for grids placed like the training ones, as it always was.
    1: "highest accuracy",
    2: "highest mean of accuracy and shifted_accuracy",
}
RANKINGS: dict[int, Callable[[Mapping[str, Any]], float]] = {
    1: lambda row: float(row["accuracy"]),
    2: lambda row: float(row["accuracy"] + row["shifted_accuracy"]),
}
# Output of ``--search VERSION`` (mean validation accuracies over the folds), for the cards.
SCORES = ("accuracy", "shifted_accuracy")
SCORE_DIGITS = 4
_V1_SEARCH = (  # C, accuracy, shifted_accuracy
    (0.01, 0.9408, 0.2756),
    (0.1, 0.9659, 0.2742),
    (1.0, 0.9701, 0.2637),
    (10.0, 0.9645, 0.2533),
)
_V2_SEARCH = (  # augmentation, hidden, alpha, accuracy, shifted_accuracy
    ("none", 64, 0.0001, 0.9756, 0.2484),
    ("none", 64, 0.01, 0.9756, 0.2505),
    ("none", 64, 0.1, 0.9763, 0.2602),
    ("none", 64, 1.0, 0.9763, 0.302),
    ("none", 128, 0.0001, 0.9763, 0.2916),
    ("none", 128, 0.01, 0.9763, 0.2937),
    ("none", 128, 0.1, 0.9791, 0.3055),
    ("none", 128, 1.0, 0.9777, 0.3041),
    ("none", 256, 0.0001, 0.9777, 0.2846),
    ("none", 256, 0.01, 0.9777, 0.2902),
    ("none", 256, 0.1, 0.9819, 0.302),
    ("none", 256, 1.0, 0.9777, 0.2999),
    ("shifts", 64, 0.0001, 0.9694, 0.9659),
    ("shifts", 64, 0.01, 0.9701, 0.968),
    ("shifts", 64, 0.1, 0.9757, 0.9729),
    ("shifts", 64, 1.0, 0.9687, 0.9617),
    ("shifts", 128, 0.0001, 0.9805, 0.977),
    ("shifts", 128, 0.01, 0.9791, 0.9791),
    ("shifts", 128, 0.1, 0.9812, 0.9812),
    ("shifts", 128, 1.0, 0.9729, 0.9694),
    ("shifts", 256, 0.0001, 0.9826, 0.9784),
    ("shifts", 256, 0.01, 0.9826, 0.9791),
    ("shifts", 256, 0.1, 0.9854, 0.9763),
    ("shifts", 256, 1.0, 0.9694, 0.9673),
    ("shifts+zooms", 64, 0.0001, 0.9756, 0.9596),
    ("shifts+zooms", 64, 0.01, 0.9805, 0.9617),
    ("shifts+zooms", 64, 0.1, 0.9861, 0.9722),
    ("shifts+zooms", 64, 1.0, 0.9805, 0.9541),
    ("shifts+zooms", 128, 0.0001, 0.9854, 0.9722),
    ("shifts+zooms", 128, 0.01, 0.9868, 0.9749),
    ("shifts+zooms", 128, 0.1, 0.9875, 0.9749),
    ("shifts+zooms", 128, 1.0, 0.9763, 0.9555),
    ("shifts+zooms", 256, 0.0001, 0.9861, 0.9784),
    ("shifts+zooms", 256, 0.01, 0.9889, 0.9812),
    ("shifts+zooms", 256, 0.1, 0.9903, 0.9826),
    ("shifts+zooms", 256, 1.0, 0.9798, 0.9596),
)
SEARCH_RESULTS: dict[int, list[dict[str, Any]]] = {
    version: [dict(zip([*GRIDS[version], *SCORES], row, strict=True)) for row in table]
    for version, table in ((1, _V1_SEARCH), (2, _V2_SEARCH))
}
CHOICES: dict[int, dict[str, Any]] = {
    1: {"C": 1.0},
    2: {"augmentation": "shifts+zooms", "hidden": 256, "alpha": 0.1},
}


def _selection(version: int) -> dict[str, Any]:
    """The ``hyperparameter_selection`` record of ``version`` for its card."""
    return {
        "method": CV_METHOD,
        "criterion": CRITERIA[version],
        "grid": {key: list(values) for key, values in GRIDS[version].items()},
        "chosen": CHOICES[version],
        "results": SEARCH_RESULTS[version],
    }


@dataclass(frozen=True)
class Recipe:
    """How one version is built, and how its hyperparameters were chosen."""

    version: int
    algorithm: str
    target_accuracy: float
    make: Callable[[], Pipeline]
    augmentation: Augmentation = NO_AUGMENTATION
    selection: Mapping[str, Any] = field(default_factory=dict)


RECIPES: dict[int, Recipe] = {
    1: Recipe(
        1,
        f"StandardScaler + LogisticRegression(C={CHOICES[1]['C']}, lbfgs)",
        0.94,
        *candidate(1, CHOICES[1]),
        selection=_selection(1),
    ),
    2: Recipe(
        2,
        f"StandardScaler + MLPClassifier(hidden=({CHOICES[2]['hidden']},), relu, adam, "
        f"alpha={CHOICES[2]['alpha']}), training images augmented ({CHOICES[2]['augmentation']})",
        0.98,
        *candidate(2, CHOICES[2]),
        selection=_selection(2),
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


def _flat(images: Images) -> npt.NDArray[np.float32]:
    """``[N, 8, 8]`` -> ``[N, 64]``, the features the sklearn pipelines see."""
    return images.reshape(len(images), -1)


def fit(
    make: Callable[[], Pipeline], augmentation: Augmentation, images: Images, labels: Labels
) -> Pipeline:
    """A fresh pipeline from ``make`` fitted on ``images`` augmented by ``augmentation``.

    BLAS runs on one thread: its float sums, hence the weights' last bits, depend on the
    thread count.
    """
    pipeline = make()
    with threadpool_limits(limits=1):
        x, y = augmentation.apply(images, labels)
        pipeline.fit(_flat(x), y)
    return pipeline


def train(recipe: Recipe, split: Split) -> Pipeline:
    """Fit ``recipe`` on the (augmented) training part, pixels flattened to 64 features."""
    return fit(recipe.make, recipe.augmentation, split.x_train, split.y_train)


def cross_validate(
    make: Callable[[], Pipeline], augmentation: Augmentation, split: Split
) -> dict[str, float]:
    """Mean validation ``accuracy`` and ``shifted_accuracy`` over CV_FOLDS stratified folds of
    the training part (the held-out part is not used)."""
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    accuracy, shifted = [], []
    for fit_rows, validate_rows in folds.split(_flat(split.x_train), split.y_train):
        pipeline = fit(make, augmentation, split.x_train[fit_rows], split.y_train[fit_rows])
        images, labels = split.x_train[validate_rows], split.y_train[validate_rows]
        with threadpool_limits(limits=1):
            accuracy.append(float(pipeline.score(_flat(images), labels)))
            shifted.append(float(pipeline.score(_flat(shift_held_out(images)), labels)))
    return {"accuracy": float(np.mean(accuracy)), "shifted_accuracy": float(np.mean(shifted))}


def _search_point(version: int, point: dict[str, Any]) -> dict[str, Any]:
    """Cross-validate one point of a version's grid, scores rounded to SCORE_DIGITS decimals
    (a top-level function, for worker processes)."""
    scores = cross_validate(*candidate(version, point), load_split())
    return point | {key: round(scores[key], SCORE_DIGITS) for key in SCORES}


def search(version: int, jobs: int = 1) -> list[dict[str, Any]]:
    """Cross-validate every point of ``GRIDS[version]`` in ``jobs`` processes, in grid order."""
    grid = GRIDS[version]
    points = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    if jobs <= 1:
        return [_search_point(version, point) for point in points]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_search_point, [version] * len(points), points))


def best(version: int, results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The grid point ``CRITERIA[version]`` prefers among ``results`` (the first one on ties)."""
    top = max(results, key=RANKINGS[version])
    return {key: top[key] for key in GRIDS[version]}


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
    """One trained and exported version with its held-out evaluations."""

    recipe: Recipe
    onnx: bytes
    evaluation: Evaluation  # of the exported ONNX model, i.e. what Triton serves
    sklearn_accuracy: float
    shifted_evaluation: Evaluation  # the same on shift_held_out(held-out images)

    @property
    def sha256(self) -> str:
        """Digest of the ONNX bytes."""
        return hashlib.sha256(self.onnx).hexdigest()


def build(recipe: Recipe, split: Split) -> Build:
    """Train, export and evaluate one version."""
    pipeline = train(recipe, split)
    onnx_bytes = export(pipeline, recipe)
    predicted = predict_proba(onnx_bytes, split.x_test).argmax(axis=1)
    shifted = predict_proba(onnx_bytes, shift_held_out(split.x_test)).argmax(axis=1)
    with threadpool_limits(limits=1):
        sklearn_accuracy = float(pipeline.score(_flat(split.x_test), split.y_test))
    return Build(
        recipe,
        onnx_bytes,
        evaluate(predicted, split.y_test),
        sklearn_accuracy,
        evaluate(shifted, split.y_test),
    )


def model_card(item: Build, split: Split) -> dict[str, Any]:
    """The machine-readable model card of one version."""
    return {
        "model": MODEL_NAME,
        "version": item.recipe.version,
        "algorithm": item.recipe.algorithm,
        "hyperparameters": _hyperparameters(item.recipe),
        "hyperparameter_selection": dict(item.recipe.selection),
        "augmentation": item.recipe.augmentation.card(len(split.y_train)),
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
        "held_out_shifted": SHIFTED_DESCRIPTION,
        "held_out_shifted_accuracy": item.shifted_evaluation.accuracy,
        "held_out_shifted_correct": item.shifted_evaluation.correct,
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
    for item in builds:
        version_dir = model_dir / str(item.recipe.version)
        version_dir.mkdir(parents=True, exist_ok=True)
        card = model_card(item, split)
        (version_dir / ONNX_FILE).write_bytes(item.onnx)
        (version_dir / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
        written += [version_dir / ONNX_FILE, version_dir / CARD_FILE]
    markdown = model_dir / "MODEL_CARD.md"
    markdown.write_text(render_card(model_dir), encoding="utf-8")  # with v3, where it is there
    return [*written, markdown]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: rebuild both versions into ``--output``."""
    parser = argparse.ArgumentParser(
        prog="python -m inferstack_tools.builds.digits",
        description="Train the digits model (v1 linear, v2 MLP) deterministically, export ONNX "
        "and write model cards into <output>/digits/.",
    )
    parser.add_argument(
        "--search",
        type=int,
        choices=sorted(GRIDS),
        metavar="VERSION",
        help="instead, rerun the cross-validated hyperparameter search of VERSION (version 2: "
        "slow) and print its results as JSON",
    )
    parser.add_argument(
        "--jobs", type=int, default=1, help="processes for --search (default: %(default)s)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("model_repository"),
        help="Triton model repository to write into (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.search is not None:
        results = search(args.search, args.jobs)
        print(json.dumps({"results": results, "chosen": best(args.search, results)}, indent=2))
        return 0
    split = load_split()
    builds = [build(recipe, split) for recipe in RECIPES.values()]
    for path in write(args.output, builds, split):
        print(f"wrote {path}")
    for item in builds:
        print(
            f"digits v{item.recipe.version}: held-out accuracy {item.evaluation.accuracy:.4f} "
            f"({item.evaluation.correct}/{item.evaluation.total}), shifted 1 px "
            f"{item.shifted_evaluation.accuracy:.4f}, sha256 {item.sha256[:12]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
