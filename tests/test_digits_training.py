"""The digits training script reproduces its model cards; the committed ONNX files hold up."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pytest

from inferstack_tools.models import digits
from inferstack_tools.models.digits_card import render_markdown

MODEL_DIR = Path(__file__).resolve().parent.parent / "model_repository" / "digits"
VERSIONS = sorted(digits.RECIPES)


def card(version: int) -> dict[str, Any]:
    """The committed ``model_card.json`` of ``version``."""
    loaded: dict[str, Any] = json.loads((MODEL_DIR / str(version) / "model_card.json").read_text())
    return loaded


def committed_accuracy(version: int, split: digits.Split) -> float:
    """Held-out accuracy of the committed ``model.onnx`` of ``version``."""
    model = (MODEL_DIR / str(version) / "model.onnx").read_bytes()
    predicted = digits.predict_proba(model, split.x_test).argmax(axis=1)
    return float((predicted == split.y_test).mean())


@pytest.fixture(scope="module")
def split() -> digits.Split:
    return digits.load_split()


@pytest.fixture(scope="module")
def builds(split: digits.Split) -> dict[int, digits.Build]:
    return {version: digits.build(recipe, split) for version, recipe in digits.RECIPES.items()}


def test_the_split_is_the_fixed_stratified_80_20(split: digits.Split) -> None:
    assert split.x_train.shape == (1437, 8, 8)
    assert split.x_test.shape == (360, 8, 8)
    assert split.x_test.dtype == np.float32
    assert np.bincount(split.y_test).tolist() == [36, 36, 35, 37, 36, 37, 36, 36, 35, 36]


@pytest.mark.parametrize("version", VERSIONS)
def test_retraining_reproduces_the_card(builds: dict[int, digits.Build], version: int) -> None:
    expected, built = card(version), builds[version]
    assert built.evaluation.correct == expected["held_out_correct"]
    assert built.evaluation.accuracy == expected["held_out_accuracy"]
    assert built.sklearn_accuracy == expected["sklearn_held_out_accuracy"]
    per_class = {str(c): a for c, a in built.evaluation.per_class.items()}
    assert per_class == expected["held_out_accuracy_per_class"]
    assert (expected["n_train"], expected["n_test"], expected["seed"]) == (1437, 360, digits.SEED)


@pytest.mark.parametrize("version", VERSIONS)
def test_training_is_deterministic(
    split: digits.Split, builds: dict[int, digits.Build], version: int
) -> None:
    again = digits.build(digits.RECIPES[version], split)
    assert again.onnx == builds[version].onnx
    assert again.evaluation == builds[version].evaluation


@pytest.mark.parametrize("version", VERSIONS)
def test_committed_onnx_meets_its_card_and_target(split: digits.Split, version: int) -> None:
    accuracy = committed_accuracy(version, split)
    assert accuracy >= card(version)["held_out_accuracy"]
    assert accuracy >= digits.RECIPES[version].target_accuracy


def test_v2_beats_v1(split: digits.Split) -> None:
    assert committed_accuracy(2, split) > committed_accuracy(1, split)
    assert card(2)["held_out_accuracy"] > card(1)["held_out_accuracy"]


@pytest.mark.parametrize("version", VERSIONS)
def test_committed_onnx_keeps_the_contract(split: digits.Split, version: int) -> None:
    raw = (MODEL_DIR / str(version) / "model.onnx").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == card(version)["onnx"]["sha256"]
    graph = onnx.load_from_string(raw).graph
    assert [i.name for i in graph.input] == ["pixels"]
    assert [o.name for o in graph.output] == ["probabilities"]
    probabilities = digits.predict_proba(raw, split.x_test[:7])
    assert probabilities.dtype == np.float32
    assert probabilities.shape == (7, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)
    assert digits.predict_proba(raw, split.x_test[:0]).shape == (0, 10)


def test_markdown_card_is_rendered_from_the_json_cards() -> None:
    expected = render_markdown([card(version) for version in VERSIONS])
    assert (MODEL_DIR / "MODEL_CARD.md").read_text() == expected


def test_cli_writes_models_and_cards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert digits.main(["--output", str(tmp_path)]) == 0
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == [
        "digits/1/model.onnx",
        "digits/1/model_card.json",
        "digits/2/model.onnx",
        "digits/2/model_card.json",
        "digits/MODEL_CARD.md",
    ]
    fresh = json.loads((tmp_path / "digits" / "2" / "model_card.json").read_text())
    assert fresh["held_out_accuracy"] == card(2)["held_out_accuracy"]
    assert (
        f"digits v2: held-out accuracy {fresh['held_out_accuracy']:.4f}" in capsys.readouterr().out
    )


def test_cli_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        digits.main(["--help"])
    assert exit_info.value.code == 0
    assert "--output" in capsys.readouterr().out
