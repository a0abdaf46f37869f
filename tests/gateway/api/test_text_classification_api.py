"""POST /v1/text-classification (zero-shot) through the real gateway and the real Triton."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from inferstack_gateway.processors.minilm import TEMPERATURE
from tests.gateway.problems import assert_problem

URL = "/v1/text-classification"
LABELS = ["sports", "politics", "technology", "food", "weather"]

# A small labelled set: four sentences per label, none naming its label.
LABELLED: list[tuple[str, str]] = [
    ("The striker scored twice in the last ten minutes to win the cup final.", "sports"),
    ("She broke the world record in the 400 metres at the championships.", "sports"),
    ("The quarterback threw three touchdown passes on Sunday night.", "sports"),
    ("After five sets, the defending champion finally won at Wimbledon.", "sports"),
    ("Parliament passed the budget after a heated late-night debate.", "politics"),
    ("The senator announced she will run for president next year.", "politics"),
    ("Voters head to the polls on Tuesday to elect a new mayor.", "politics"),
    ("The prime minister reshuffled his cabinet after the scandal.", "politics"),
    ("The new smartphone ships with a faster chip and a better camera.", "technology"),
    ("Engineers released a software update that fixes the security bug.", "technology"),
    ("The startup trains large neural networks on thousands of GPUs.", "technology"),
    ("You can now back up your laptop to the cloud automatically.", "technology"),
    ("Simmer the tomatoes with garlic and basil for twenty minutes.", "food"),
    ("This bakery makes the best sourdough bread and croissants in town.", "food"),
    ("We ordered spicy noodles, dumplings and a bowl of rice.", "food"),
    ("Add a pinch of salt and whisk the eggs until fluffy.", "food"),
    ("Heavy rain and strong winds are expected along the coast tonight.", "weather"),
    ("Tomorrow will be sunny with highs around 30 degrees.", "weather"),
    ("A blizzard dumped two feet of snow across the region.", "weather"),
    ("Forecasters warn of thunderstorms and possible hail this afternoon.", "weather"),
]
# Harder: short, indirect, the topic only implied.
HARD: list[tuple[str, str]] = [
    ("What a match last night!", "sports"),
    ("He has been injured since the preseason.", "sports"),
    ("The coach was fired after the third straight loss.", "sports"),
    ("They sold out the stadium again.", "sports"),
    ("The bill died in committee.", "politics"),
    ("Turnout was lower than in the last election.", "politics"),
    ("The minister refused to comment on the leaked memo.", "politics"),
    ("The new tax plan splits the coalition.", "politics"),
    ("My phone keeps crashing after the update.", "technology"),
    ("The battery lasts two days now.", "technology"),
    ("They open-sourced the compiler last week.", "technology"),
    ("The website went down for three hours.", "technology"),
    ("That curry was way too hot for me.", "food"),
    ("Dinner is at eight, bring dessert.", "food"),
    ("The restaurant lost its Michelin star.", "food"),
    ("I skipped breakfast again.", "food"),
    ("Bring a jacket, it gets chilly tonight.", "weather"),
    ("The drought has lasted three months.", "weather"),
    ("Flights were cancelled because of fog.", "weather"),
    ("It has been grey and drizzly all week.", "weather"),
]
TEMPLATES = ["This text is about {}.", "{}", "This example is {}."]


def _classify(gateway: TestClient, texts: list[str], labels: list[str], **fields: Any) -> Any:
    response = gateway.post(URL, json={"texts": texts, "labels": labels, **fields})
    assert response.status_code == 200, response.text
    return response.json()


def _labelled(
    gateway: TestClient, sentences: list[tuple[str, str]] = LABELLED, **fields: Any
) -> Any:
    return _classify(gateway, [text for text, _ in sentences], LABELS, **fields)


def _triton_calls(gateway: TestClient) -> float:
    registry = gateway.app.state.gateway.metrics.registry  # type: ignore[attr-defined]
    value = registry.get_sample_value(
        "inferstack_gateway_triton_request_duration_seconds_count",
        {"model": "minilm", "version": "1", "outcome": "ok"},
    )
    return float(value or 0.0)


def test_texts_and_labels_go_to_triton_in_one_call(gateway: TestClient) -> None:
    before = _triton_calls(gateway)
    _labelled(gateway)  # 20 texts and 5 hypotheses: one batch of 25
    assert _triton_calls(gateway) == before + 1


def _accuracy(body: Any, sentences: list[tuple[str, str]]) -> float:
    predicted = [r["predictions"][0]["label"] for r in body["results"]]
    return float(np.mean([p == t for p, (_, t) in zip(predicted, sentences, strict=True)]))


# Measured with the default template: 20/20 clear, 19/20 hard (all-MiniLM-L6-v2, ONNX export).
@pytest.mark.parametrize(
    ("sentences", "floor"), [(LABELLED, 0.9), (HARD, 0.8)], ids=["clear", "hard"]
)
def test_zero_shot_accuracy_on_labelled_sentences(
    gateway: TestClient, sentences: list[tuple[str, str]], floor: float
) -> None:
    accuracy = _accuracy(_labelled(gateway, sentences), sentences)
    print(f"zero-shot accuracy on {len(sentences)} labelled sentences: {accuracy:.2f}")
    assert accuracy >= floor


def _mean_nll(similarity: np.typing.NDArray[np.float64], truth: list[int], t: float) -> float:
    logits = similarity / t
    logits -= logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(truth)), truth]))


def test_softmax_temperature_is_the_best_calibrated(gateway: TestClient) -> None:
    """The temperature only sets how confident the probabilities are (never the ranking). Over
    the 40 labelled sentences and three templates, the chosen one's mean negative log-likelihood
    of the right label is within 10% of the best of a grid; the training scale of the model's
    contrastive loss (20, i.e. 0.05) is flatter than the data support. Measured: 0.220 at 0.025
    (the best), 0.227 at 0.02, 0.226 at 0.03, 0.312 at 0.05, 0.345 at 0.01."""
    sentences = LABELLED + HARD
    truth = [LABELS.index(label) for _, label in sentences]
    grid = [0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.07, 0.1]
    nll = dict.fromkeys(grid, 0.0)
    for template in TEMPLATES:
        body = _labelled(gateway, sentences, hypothesis_template=template)
        similarity = np.asarray(
            [[_similarity(r, label) for label in LABELS] for r in body["results"]]
        )
        for t in grid:
            nll[t] += _mean_nll(similarity, truth, t) / len(TEMPLATES)
    print("mean NLL by temperature: " + ", ".join(f"{t}: {v:.3f}" for t, v in nll.items()))
    best = min(nll.values())
    assert nll[TEMPERATURE] <= best * 1.1
    assert nll[0.05] > best * 1.3


def _similarity(result: Any, label: str) -> float:
    return float(next(p["similarity"] for p in result["predictions"] if p["label"] == label))


def test_template_changes_the_hypotheses(gateway: TestClient) -> None:
    text = ["The striker scored twice in the final."]
    default = _classify(gateway, text, ["sports", "cooking"])
    custom = _classify(gateway, text, ["sports", "cooking"], hypothesis_template="{}")
    assert default["results"][0]["predictions"][0]["label"] == "sports"
    assert custom["results"][0]["predictions"][0]["label"] == "sports"
    similarities = [r["results"][0]["predictions"][0]["similarity"] for r in (default, custom)]
    assert similarities[0] != pytest.approx(similarities[1], abs=1e-4)


def test_one_label_gets_all_the_probability(gateway: TestClient) -> None:
    body = _classify(gateway, ["anything at all"], ["sports"])
    assert body["results"][0]["predictions"][0]["probability"] == pytest.approx(1.0)


def test_long_text_is_truncated_and_reported(gateway: TestClient) -> None:
    body = _classify(gateway, [" ".join(["goal"] * 600), "rain"], ["sports", "weather"])
    first, second = body["results"]
    assert (first["tokens"], first["truncated"]) == (256, True)
    assert (second["tokens"], second["truncated"]) == (3, False)


GOOD = {"texts": ["A blizzard is coming."], "labels": ["weather", "sports"]}
# (id, changes to GOOD, status, problem type slug, the problem's first `loc` or None)
BAD_BODIES: list[tuple[str, dict[str, Any], int, str, list[Any] | None]] = [
    ("labels missing", {"labels": None}, 422, "validation-error", ["body", "labels"]),
    ("labels empty", {"labels": []}, 422, "validation-error", ["body", "labels"]),
    ("too many labels", {"labels": [f"l{i}" for i in range(33)]}, 413, "payload-too-large", None),
    ("blank label", {"labels": ["a", " "]}, 422, "validation-error", ["body", "labels", 1]),
    ("python-only blank", {"labels": ["a", "\x1c"]}, 422, "invalid-input", ["body", "labels", 1]),
    ("repeated label", {"labels": ["a", "b", "a"]}, 422, "invalid-input", ["body", "labels", 2]),
    ("label not a string", {"labels": ["a", 3]}, 422, "validation-error", ["body", "labels", 1]),
    ("texts missing", {"texts": None}, 422, "validation-error", ["body", "texts"]),
    ("texts empty", {"texts": []}, 422, "validation-error", ["body", "texts"]),
    ("blank text", {"texts": ["", "ok"]}, 422, "validation-error", ["body", "texts", 0]),
    ("text too long", {"texts": ["x" * 20_001]}, 422, "invalid-input", ["body", "texts", 0]),
    ("too many texts", {"texts": ["t"] * 257}, 413, "payload-too-large", None),
    ("too many tokens", {"texts": ["word " * 300] * 40}, 413, "payload-too-large", None),
    ("text not a string", {"texts": [{"text": "x"}]}, 422, "validation-error", None),
    (
        "template without {}",
        {"hypothesis_template": "This is about it."},
        422,
        "validation-error",
        ["body", "hypothesis_template"],
    ),
    ("unknown field", {"top_k": 2}, 422, "validation-error", None),
    ("mode not a boolean", {"multi_label": 0}, 422, "validation-error", ["body", "multi_label"]),
    ("text as a number", {"texts": [5]}, 422, "validation-error", ["body", "texts", 0]),
    ("unknown model", {"model": "nope"}, 404, "model-not-found", None),
    ("not a text model", {"model": "digits"}, 400, "bad-request", None),
    ("unknown version", {"version": "7"}, 404, "version-not-found", None),
]


@pytest.mark.parametrize(
    ("changes", "status", "slug", "loc"),
    [pytest.param(c, s, t, loc, id=name) for name, c, s, t, loc in BAD_BODIES],
)
def test_bad_input_gets_a_problem_and_service_keeps_serving(
    gateway: TestClient, changes: dict[str, Any], status: int, slug: str, loc: list[Any] | None
) -> None:
    body = {key: value for key, value in {**GOOD, **changes}.items() if value is not None}
    response = gateway.post(
        URL, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    problem = assert_problem(response, status, slug)
    if loc is not None:
        assert problem["errors"][0]["loc"] == loc
    assert _classify(gateway, GOOD["texts"], GOOD["labels"])["results"]


def test_a_label_that_does_not_fit_is_said_so(gateway: TestClient) -> None:
    """The reported case: one label, a softmax gives it 1.0; `none_fits` says it does not fit,
    and the multi-label mode scores it on its own."""
    text, label = ["The striker scored twice."], ["cooking recipes"]
    single = _classify(gateway, text, label)
    assert single["mode"] == "single_label"
    (result,) = single["results"]
    assert result["predictions"][0]["probability"] == pytest.approx(1.0)
    assert result["none_fits"] is True
    assert result["predictions"][0]["similarity"] < single["fit_threshold"]
    multi = _classify(gateway, text, label, multi_label=True)
    assert multi["mode"] == "multi_label"
    assert multi["results"][0]["none_fits"] is True
    assert multi["results"][0]["predictions"][0]["probability"] < 0.2


def test_multi_label_scores_each_label_on_its_own(gateway: TestClient) -> None:
    body = _classify(
        gateway,
        ["The central bank raised interest rates.", "Add two cups of flour and bake."],
        ["finance", "economy", "cooking recipes", "sports"],
        multi_label=True,
    )
    bank, bake = ({p["label"]: p["probability"] for p in r["predictions"]} for r in body["results"])
    assert bank["finance"] > 0.5
    assert bank["economy"] > 0.5  # two labels fit at once
    assert bank["cooking recipes"] < 0.5
    assert bank["sports"] < 0.5
    assert bake["cooking recipes"] > 0.5
    assert bake["finance"] < 0.5
    assert sum(bank.values()) > 1.0  # independent, not a distribution
    assert not any(r["none_fits"] for r in body["results"])
    threshold = body["fit_threshold"]
    for result in body["results"]:
        for p in result["predictions"]:  # 0.5 exactly where a label starts to fit
            assert (p["probability"] > 0.5) == (p["similarity"] > threshold)


def test_labels_that_fit_are_not_flagged(gateway: TestClient) -> None:
    body = _labelled(gateway)
    flagged = sum(result["none_fits"] for result in body["results"])
    assert flagged <= len(body["results"]) // 4, flagged
