"""calls: every operation against the real gateway, and no exception for one that is down."""

from __future__ import annotations

import io
import socket

import pytest
from PIL import Image

from inferstack_client.models import (
    ModelInfo,
    ModelList,
    PredictionPage,
    PredictionRecord,
    PredictionStats,
    Readiness,
)
from inferstack_sdk import (
    Classified,
    Embedded,
    Gateway,
    GatewayConfig,
    GatewayError,
    TextsClassified,
    classify_files,
)
from inferstack_tools.launcher.gateway import GatewayServer
from tests.digit_images import held_out
from tests.polling import poll
from tests.sdk.conftest import CORRUPT, digits


@pytest.fixture
def gateway(gateway_server: GatewayServer) -> Gateway:
    return Gateway(GatewayConfig(gateway_server.url))


def test_catalog_and_health(gateway: Gateway) -> None:
    with gateway:
        assert gateway.liveness() is True
        readiness = gateway.readiness()
        assert isinstance(readiness, Readiness)
        catalog = gateway.catalog()
        assert isinstance(catalog, ModelList)
        assert "digits" in [m.name for m in catalog.models]
        digits_model = gateway.model("digits")
        assert isinstance(digits_model, ModelInfo)
        assert [v.version for v in digits_model.versions] == ["1", "2", "3"]
        text = gateway.metrics_text()
        assert isinstance(text, str)
        assert "inferstack_gateway_requests_total" in text


def test_an_unknown_model_is_a_404(gateway: Gateway) -> None:
    with gateway:
        missing = gateway.model("nope")
        assert isinstance(missing, GatewayError)
        assert (missing.kind, missing.status) == ("http", 404)
        assert "nope" in missing.message
        refused = gateway.classify(digits(1), model="nope", top_k=1)
        assert isinstance(refused, GatewayError)
        assert refused.status == 404
        assert "nope" in refused.message


def test_classify_images(gateway: Gateway) -> None:
    with gateway:
        outcome = gateway.classify(digits(3), model="digits", version="1", top_k=2)
    assert isinstance(outcome, Classified)
    assert outcome.round_trip_ms > 0
    assert outcome.response.version == "1"
    labels = held_out().labels
    assert [r.predictions[0].label for r in outcome.response.results] == [
        str(labels[i]) for i in range(3)
    ]
    assert [r.name for r in outcome.response.results] == [u.name for u in digits(3)]
    assert all(len(r.predictions) == 2 for r in outcome.response.results)


@pytest.mark.parametrize(("version", "side"), [("2", 8), (None, 28)])
def test_what_the_model_saw_comes_back_on_request(
    gateway: Gateway, version: str | None, side: int
) -> None:
    with gateway:
        asked = gateway.classify(
            digits(2), model="digits", version=version, top_k=1, return_model_input=True
        )
        plain = gateway.classify(digits(2), model="digits", version=version, top_k=1)
    assert isinstance(asked, Classified)
    assert isinstance(plain, Classified)
    for index in range(2):
        png = asked.model_input(index)
        assert png is not None
        assert Image.open(io.BytesIO(png)).size == (side, side)
        assert plain.model_input(index) is None
    assert asked.model_input(7) is None  # no such image


def test_batch_results_carry_what_the_model_saw(gateway: Gateway) -> None:
    with gateway:
        results = classify_files(gateway, digits(3), model="digits", return_model_input=True)
        plain = classify_files(gateway, digits(1), model="digits")
    assert [r.status for r in results] == ["ok"] * 3
    assert all(r.model_input is not None for r in results)
    assert plain[0].model_input is None


def test_problem_details_name_the_bad_images(gateway: Gateway) -> None:
    with gateway:
        outcome = gateway.classify([*digits(1), CORRUPT], model="digits", top_k=1)
    assert isinstance(outcome, GatewayError)
    assert outcome.status == 422
    assert set(outcome.per_item()) == {1}
    assert any(d.startswith("image 2: ") for d in outcome.details)


def test_classify_texts_and_embed(gateway: Gateway) -> None:
    with gateway:
        scored = gateway.classify_texts(
            ["The team won the match", "Parliament passed the budget"],
            ["sports", "politics"],
            model="minilm",
        )
        embedded = gateway.embed(["a cat", "a kitten", "the stock market"], model="minilm")
        refused = gateway.classify_texts(["x"], ["a", "a"], model="minilm")
    assert isinstance(scored, TextsClassified)
    assert [r.predictions[0].label for r in scored.response.results] == ["sports", "politics"]
    assert isinstance(embedded, Embedded)
    assert [len(v) for v in embedded.vectors] == [384] * 3
    dot = [
        sum(a * b for a, b in zip(embedded.vectors[0], v, strict=True)) for v in embedded.vectors
    ]
    assert dot[0] == pytest.approx(1.0, abs=1e-3)
    assert dot[1] > dot[2], "cat ~ kitten"
    assert isinstance(refused, GatewayError)
    assert refused.status == 422


def test_unreachable_gateway_is_an_error_not_an_exception(closed_port_url: str) -> None:
    with Gateway(GatewayConfig(closed_port_url)) as gateway:
        outcomes = [
            gateway.liveness(),
            gateway.readiness(),
            gateway.catalog(),
            gateway.model("digits"),
            gateway.metrics_text(),
            gateway.classify(digits(1), model="digits"),
            gateway.classify_texts(["a"], ["b"], model="minilm"),
            gateway.embed(["a"], model="minilm"),
        ]
    for outcome in outcomes:
        assert isinstance(outcome, GatewayError)
        assert outcome.kind == "unreachable"
        assert outcome.message.startswith(f"The gateway at {closed_port_url} is unreachable")
        assert outcome.message.endswith("Is it running?")


def test_a_gateway_that_does_not_answer_is_a_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with Gateway(GatewayConfig(url, timeout_s=0.6, probe_timeout_s=0.3)) as gateway:
            probes = [
                gateway.liveness(),
                gateway.readiness(),
                gateway.catalog(),
                gateway.model("digits"),
                gateway.metrics_text(),
            ]
            inference = gateway.classify(digits(1), model="digits")
    for outcome in probes:
        assert isinstance(outcome, GatewayError)
        assert outcome.kind == "timeout"
        assert outcome.message.startswith(f"The gateway at {url} did not answer within 0.3 s")
    assert isinstance(inference, GatewayError)
    assert inference.message.startswith(f"The gateway at {url} did not answer within 0.6 s")


def test_prediction_log_calls(gateway: Gateway) -> None:
    with gateway:
        answer = gateway.classify(digits(1), model="digits")
        assert isinstance(answer, Classified)
        request_id = answer.response.request_id

        def stored() -> object:
            return gateway.prediction(request_id)

        record = poll(stored, lambda r: isinstance(r, PredictionRecord), 30)
        assert isinstance(record, PredictionRecord)
        assert record.model == "digits"
        assert record.status == 200
        page = gateway.predictions(model="digits", limit=1000)
        assert isinstance(page, PredictionPage)
        assert request_id in [r.request_id for r in page.items]
        stats = gateway.prediction_stats(model="digits")
        assert isinstance(stats, PredictionStats)
        assert stats.total >= 1
        bad = gateway.predictions(cursor="not-a-cursor")
        assert isinstance(bad, GatewayError)
        assert bad.status == 422
        missing = gateway.prediction("never-sent")
        assert isinstance(missing, GatewayError)
        assert missing.status == 404


def test_quick_calls_have_a_short_timeout_of_their_own() -> None:
    config = GatewayConfig("http://gateway.test", timeout_s=30)
    assert config.probe_timeout_s <= 2
    with Gateway(config) as gateway:
        assert gateway.client.get_httpx_client().timeout.read == 30
        assert gateway.probe_client.get_httpx_client().timeout.read == config.probe_timeout_s


def test_classify_uploads_sends_files_as_they_are(gateway: Gateway) -> None:
    with gateway:
        outcome = gateway.classify_uploads(digits(3), model="digits", version="1", top_k=2)
        refused = gateway.classify_uploads([*digits(1), CORRUPT], model="digits", top_k=1)
    assert isinstance(outcome, Classified)
    assert outcome.response.version == "1"
    labels = held_out().labels
    assert [r.predictions[0].label for r in outcome.response.results] == [
        str(labels[i]) for i in range(3)
    ]
    assert [r.name for r in outcome.response.results] == [u.name for u in digits(3)]
    assert isinstance(refused, GatewayError)
    assert set(refused.per_item("files")) == {1}
    assert any(d.startswith("file 2: ") for d in refused.details)
