"""Model card figures per version, from the catalog's `card.*` parameters."""

from __future__ import annotations

from inferstack_ui.model_cards import card
from tests.ui.conftest import catalog_model as model


def test_figures_per_version_and_facts_of_the_model() -> None:
    parameters = {
        "card.v2.held_out_accuracy": "0.9944",
        "card.v10.held_out_accuracy": "0.5",
        "card.v1.held_out_accuracy": "0.9667",
        "card.v1.algorithm": "LogisticRegression",
        "card.v2.algorithm": "MLP",
        "card.dataset": "load_digits",
        "task": "image-classification",
    }
    found = card(model(parameters=parameters))
    assert list(found.versions) == ["1", "2", "10"], "numeric order"
    assert found.facts == {"dataset": "load_digits"}
    assert found.shares() == ["held_out_accuracy"], "the algorithm is text, not a share"
    assert found.figure_rows() == [
        {
            "figure": "algorithm",
            "version 1": "LogisticRegression",
            "version 2": "MLP",
            "version 10": "",
        },
        {
            "figure": "held-out accuracy",
            "version 1": "96.7%",
            "version 2": "99.4%",
            "version 10": "50.0%",
        },
    ]
    assert found.share_rows()[1] == {
        "version": "version 2",
        "figure": "held-out accuracy",
        "value": 0.9944,
    }


def test_a_model_without_a_card() -> None:
    found = card(model(parameters={"task": "x"}))
    assert found.versions == {}
    assert found.share_rows() == []
