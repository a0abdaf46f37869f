"""The digits training script reproduces its model cards; the committed ONNX files hold up."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pytest

from inferstack_tools.builds import digits
from inferstack_tools.builds.digits3.card_files import render_card
from inferstack_tools.builds.digits_card import render_markdown
from tests.conftest import MODEL_REPOSITORY

MODEL_DIR = MODEL_REPOSITORY / "digits"
VERSIONS = sorted(digits.RECIPES)


def card(version: int) -> dict[str, Any]:
    """The committed ``model_card.json`` of ``version``."""
    loaded: dict[str, Any] = json.loads((MODEL_DIR / str(version) / "model_card.json").read_text())
    return loaded


def committed_accuracy(version: int, split: digits.Split, *, shifted: bool = False) -> float:
    """Held-out accuracy of the committed ``model.onnx`` of ``version`` (on the held-out images
    shifted by one pixel when ``shifted``)."""
    model = (MODEL_DIR / str(version) / "model.onnx").read_bytes()
    images = digits.shift_held_out(split.x_test) if shifted else split.x_test
    predicted = digits.predict_proba(model, images).argmax(axis=1)
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
    assert built.shifted_evaluation.correct == expected["held_out_shifted_correct"]
    assert built.shifted_evaluation.accuracy == expected["held_out_shifted_accuracy"]
    assert expected["held_out_shifted"] == digits.SHIFTED_DESCRIPTION
    augmentation = digits.RECIPES[version].augmentation
    assert expected["augmentation"] == augmentation.card(expected["n_train"])
    assert expected["hyperparameter_selection"] == json.loads(
        json.dumps(digits.RECIPES[version].selection)
    )
    assert (expected["n_train"], expected["n_test"], expected["seed"]) == (1437, 360, digits.SEED)


@pytest.mark.parametrize("version", VERSIONS)
def test_training_is_deterministic(
    split: digits.Split, builds: dict[int, digits.Build], version: int
) -> None:
    again = digits.build(digits.RECIPES[version], split)
    assert again.onnx == builds[version].onnx
    assert again.evaluation == builds[version].evaluation
    assert again.shifted_evaluation == builds[version].shifted_evaluation


@pytest.mark.parametrize("version", VERSIONS)
def test_committed_onnx_meets_its_card_and_target(split: digits.Split, version: int) -> None:
    accuracy = committed_accuracy(version, split)
    assert accuracy >= card(version)["held_out_accuracy"]
    assert accuracy >= digits.RECIPES[version].target_accuracy
    shifted = committed_accuracy(version, split, shifted=True)
    assert shifted >= card(version)["held_out_shifted_accuracy"]


def test_v2_beats_v1(split: digits.Split) -> None:
    assert digits.RECIPES[2].target_accuracy >= 0.98
    assert committed_accuracy(2, split) > committed_accuracy(1, split)
    assert card(2)["held_out_accuracy"] > card(1)["held_out_accuracy"]


def test_v2_is_robust_to_one_pixel_shifts_and_v1_is_not(split: digits.Split) -> None:
    v1, v2 = (committed_accuracy(v, split, shifted=True) for v in (1, 2))
    assert v2 >= 0.95
    assert v2 >= v1 + 0.3
    assert card(2)["held_out_shifted_accuracy"] >= card(1)["held_out_shifted_accuracy"] + 0.3
    # Shifted by a pixel, v2 loses little of what it gets right on the original grids.
    assert v2 >= committed_accuracy(2, split) - 0.03


@pytest.mark.parametrize("version", VERSIONS)
def test_hyperparameters_are_the_best_of_the_recorded_search(version: int) -> None:
    selection = card(version)["hyperparameter_selection"]
    grid = digits.GRIDS[version]
    assert len(selection["results"]) == math.prod(len(values) for values in grid.values())
    assert digits.best(version, selection["results"]) == selection["chosen"]
    assert selection["chosen"] == digits.CHOICES[version]
    make, augmentation = digits.candidate(version, digits.CHOICES[version])
    recipe = digits.RECIPES[version]
    assert augmentation == recipe.augmentation
    assert str(make()) == str(recipe.make())


def test_the_recorded_v1_search_is_reproduced() -> None:
    # Version 2's search takes about half an hour (``--search 2``); version 1's a few seconds.
    assert digits.search(1) == card(1)["hyperparameter_selection"]["results"]


def test_cross_validation_uses_only_the_training_part(
    split: digits.Split, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real_fit = digits.fit

    def spy(make: Any, augmentation: digits.Augmentation, x: Any, y: Any) -> Any:
        seen.append(len(x))
        return real_fit(make, augmentation, x, y)

    monkeypatch.setattr(digits, "fit", spy)
    scores = digits.cross_validate(digits.RECIPES[1].make, digits.NO_AUGMENTATION, split)
    assert sum(seen) == (digits.CV_FOLDS - 1) * len(split.y_train)
    assert 0.9 < scores["accuracy"] <= 1.0
    assert 0.0 <= scores["shifted_accuracy"] < scores["accuracy"]


# --- Augmentation --------------------------------------------------------------------------------


def test_shift_moves_the_ink_and_fills_with_background() -> None:
    image = np.arange(1, 65, dtype=np.float32).reshape(1, 8, 8)
    down_left = digits.shift_images(image, 1, -1)[0]
    assert (down_left[0] == 0).all()
    assert (down_left[:, 7] == 0).all()
    np.testing.assert_array_equal(down_left[1:, :7], image[0, :7, 1:])
    np.testing.assert_array_equal(digits.shift_images(image, 0, 0), image)


def test_zoom_keeps_the_range_and_is_the_identity_at_one(split: digits.Split) -> None:
    images = split.x_train[:50]
    np.testing.assert_array_equal(digits.zoom_images(images, 1.0), images)
    for factor in (0.875, 1.125):
        zoomed = digits.zoom_images(images, factor)
        assert zoomed.dtype == np.float32
        assert zoomed.shape == images.shape
        assert zoomed.min() >= 0.0
        assert zoomed.max() <= 16.0
    # Zooming out keeps each cell's ink density, so the total ink shrinks by the area factor.
    flat = np.ones((1, 8, 8), dtype=np.float32)
    assert digits.zoom_images(flat, 0.875).sum() == pytest.approx(64 * 0.875**2)


def test_shifted_held_out_follows_the_fixed_pattern(split: digits.Split) -> None:
    shifted = digits.shift_held_out(split.x_test)
    assert shifted.shape == split.x_test.shape
    for index in range(20):
        dy, dx = digits.NEIGHBOUR_SHIFTS[index % 8]
        expected = digits.shift_images(split.x_test[index], dy, dx)
        np.testing.assert_array_equal(shifted[index], expected)


def test_augmentation_multiplies_the_training_part_only(split: digits.Split) -> None:
    augmentation = digits.RECIPES[2].augmentation
    images, labels = augmentation.apply(split.x_train[:10], split.y_train[:10])
    assert augmentation.copies == 1 + 8 + len(augmentation.zooms)
    assert images.shape == (10 * augmentation.copies, 8, 8)
    np.testing.assert_array_equal(labels, np.tile(split.y_train[:10], augmentation.copies))
    np.testing.assert_array_equal(images[:10], split.x_train[:10])
    assert digits.NO_AUGMENTATION.apply(split.x_train, split.y_train)[0].shape == (1437, 8, 8)


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
    # versions 1 and 2 from here; version 3 and the evaluation from digits/3 and evaluation.json
    expected = render_card(MODEL_DIR)
    assert (MODEL_DIR / "MODEL_CARD.md").read_text() == expected
    alone = render_markdown([card(version) for version in VERSIONS])  # v1 and v2 only
    assert "## Versions 1 and 2: data, split and seed" in alone
    assert "## Version 3" not in alone


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
