"""POST /v1/embeddings (OpenAI-compatible) through the real gateway and the real Triton."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.gateway.problems import assert_problem

URL = "/v1/embeddings"
DIMENSIONS = 384
MAX_LENGTH = 256


def _embed(gateway: TestClient, texts: str | list[str], **fields: Any) -> Any:
    response = gateway.post(URL, json={"input": texts, **fields})
    assert response.status_code == 200, response.text
    return response.json()


def _vectors(body: Any) -> np.typing.NDArray[np.float64]:
    return np.asarray([item["embedding"] for item in body["data"]], dtype=np.float64)


def test_openai_response_shape(gateway: TestClient) -> None:
    response = gateway.post(
        URL, json={"input": ["A man is playing a guitar.", "Hi"], "model": "minilm"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    # OpenAI's fields, exactly as its clients parse them ...
    assert body["object"] == "list"
    assert body["model"] == "minilm"
    assert [item["object"] for item in body["data"]] == ["embedding", "embedding"]
    assert [item["index"] for item in body["data"]] == [0, 1]
    for item in body["data"]:
        assert len(item["embedding"]) == DIMENSIONS
        assert all(isinstance(x, float) for x in item["embedding"])
    tokens = [item["tokens"] for item in body["data"]]
    assert tokens == [9, 3]  # [CLS] a man is playing a guitar . [SEP]; [CLS] hi [SEP]
    assert body["usage"] == {"prompt_tokens": 12, "total_tokens": 12}
    # ... and inferstack's additions.
    assert body["version"] == "1"
    assert [item["truncated"] for item in body["data"]] == [False, False]
    assert body["request_id"] == response.headers["x-request-id"]
    timings = body["timings"]
    assert timings["total_ms"] >= timings["inference_ms"] > 0


def test_input_may_be_a_single_string(gateway: TestClient) -> None:
    single = _embed(gateway, "The weather is lovely today.")
    listed = _embed(gateway, ["The weather is lovely today."])
    assert len(single["data"]) == 1
    assert single["data"][0]["index"] == 0
    assert np.allclose(_vectors(single), _vectors(listed), atol=1e-6)


def test_embeddings_have_unit_length(gateway: TestClient) -> None:
    vectors = _vectors(_embed(gateway, ["one", "a much longer sentence, with more words in it"]))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "Stocks fell sharply after the central bank raised interest rates again.",
    "ok",
    "I left my umbrella on the train this morning, and of course it rained all day long.",
    "Photosynthesis turns light into chemical energy.",
]


def test_a_text_alone_and_in_a_batch_agree(gateway: TestClient) -> None:
    """Padding to the batch's longest text must not change any text's embedding."""
    batch = _vectors(_embed(gateway, TEXTS))
    for index, text in enumerate(TEXTS):
        alone = _vectors(_embed(gateway, text))[0]
        assert np.abs(alone - batch[index]).max() < 1e-5, text


def test_batches_larger_than_the_model_batch_keep_their_order(gateway: TestClient) -> None:
    # More texts than the model's max_batch_size (64), of varied lengths: sent as several
    # calls, grouped by length, and answered in request order.
    texts = [f"sentence number {i} of a long request" + " more" * (i * 7 % 30) for i in range(150)]
    body = _embed(gateway, texts)
    assert [item["index"] for item in body["data"]] == list(range(150))
    assert [item["tokens"] for item in body["data"]] == [9 + i * 7 % 30 for i in range(150)]
    vectors = _vectors(body)
    for index in (0, 1, 63, 64, 100, 149):
        alone = _vectors(_embed(gateway, texts[index]))[0]
        assert np.abs(alone - vectors[index]).max() < 1e-5


def test_paraphrases_are_closer_than_unrelated_sentences(gateway: TestClient) -> None:
    pairs = [
        ("A man is playing a guitar.", "Someone is strumming a guitar."),
        ("The cat is sleeping on the sofa.", "A kitten naps on the couch."),
        ("How do I reset my password?", "I forgot my password, how can I change it?"),
        ("The train to Paris was delayed.", "Our train to Paris left late."),
    ]
    texts = [text for pair in pairs for text in pair]
    vectors = _vectors(_embed(gateway, texts))
    similarity = vectors @ vectors.T
    for i in range(len(pairs)):
        a, b = 2 * i, 2 * i + 1
        paraphrase = similarity[a, b]
        others = [similarity[a, j] for j in range(len(texts)) if j not in (a, b)]
        assert paraphrase > max(others) + 0.1, (pairs[i], paraphrase, max(others))
        assert paraphrase > 0.5


def test_long_text_is_truncated_and_reported(gateway: TestClient) -> None:
    long_text = " ".join(["word"] * 1000)
    body = _embed(gateway, [long_text, "short"])
    first, second = body["data"]
    assert (first["tokens"], first["truncated"]) == (MAX_LENGTH, True)
    assert (second["tokens"], second["truncated"]) == (3, False)
    assert body["usage"]["prompt_tokens"] == MAX_LENGTH + 3
    # Words past the cut do not matter: a text with different ones there embeds the same.
    other_tail = " ".join(["word"] * 300 + ["elephant"] * 700)
    same = _vectors(_embed(gateway, other_tail))[0]
    assert np.abs(same - _vectors(body)[0]).max() < 1e-5


def test_base64_encoding_as_openai_does(gateway: TestClient) -> None:
    as_floats = _embed(gateway, TEXTS[:2])
    as_base64 = _embed(gateway, TEXTS[:2], encoding_format="base64")
    for plain, encoded in zip(as_floats["data"], as_base64["data"], strict=True):
        assert isinstance(encoded["embedding"], str)
        decoded = np.frombuffer(base64.b64decode(encoded["embedding"]), dtype="<f4")
        assert decoded.shape == (DIMENSIONS,)
        assert np.abs(decoded - np.asarray(plain["embedding"])).max() < 1e-6


@pytest.fixture
def gateway_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    logger = logging.getLogger("inferstack.gateway")  # does not propagate: attach directly
    logger.addHandler(caplog.handler)
    try:
        yield caplog
    finally:
        logger.removeHandler(caplog.handler)


def test_user_is_accepted_and_logged(
    gateway: TestClient, gateway_log: pytest.LogCaptureFixture
) -> None:
    response = gateway.post(URL, json={"input": "hello", "user": "user-1234"})
    assert response.status_code == 200, response.text
    logged = {
        (getattr(r, "request_id", None), r.getMessage())
        for r in gateway_log.records
        if getattr(r, "user", None) == "user-1234"
    }
    assert logged == {(response.headers["x-request-id"], "caller")}


def test_catalog_lists_minilm_as_embeddings(gateway: TestClient) -> None:
    response = gateway.get("/v1/models/minilm")
    assert response.status_code == 200, response.text
    info = response.json()
    assert info["task"] == "embeddings"
    assert info["parameters"]["max_sequence_length"] == str(MAX_LENGTH)
    assert info["parameters"]["dimensions"] == str(DIMENSIONS)
    assert [(t["name"], t["datatype"]) for t in info["inputs"]] == [
        ("input_ids", "INT64"),
        ("attention_mask", "INT64"),
    ]
    assert info["outputs"][0]["shape"] == [-1, DIMENSIONS]
    listed = {m["name"]: m["task"] for m in gateway.get("/v1/models").json()["models"]}
    assert listed["minilm"] == "embeddings"
    assert listed["digits"] == "image-classification"


_LONG = " ".join(["word"] * 300)  # cut at 256 tokens: 40 of them are over the 8192 budget
# (id, body, status, problem type slug, the problem's first `loc`, or None not to check it)
BAD_BODIES: list[tuple[str, Any, int, str, list[Any] | None]] = [
    ("empty list", {"input": []}, 422, "validation-error", None),
    ("empty string", {"input": ""}, 422, "validation-error", ["body", "input"]),
    ("blank", {"input": " \n\t "}, 422, "validation-error", ["body", "input"]),
    ("blank in a list", {"input": ["ok", " \n\t "]}, 422, "validation-error", ["body", "input", 1]),
    ("python-only blank", {"input": ["ok", "\x1c"]}, 422, "invalid-input", ["body", "input", 1]),
    ("text too long", {"input": ["ok", "x" * 20_001]}, 422, "invalid-input", ["body", "input", 1]),
    ("too many texts", {"input": ["text"] * 257}, 413, "payload-too-large", None),
    ("too many tokens", {"input": [_LONG] * 40}, 413, "payload-too-large", None),
    ("not a string", {"input": ["ok", 5]}, 422, "validation-error", None),
    ("token ids", {"input": [[101, 102]]}, 422, "validation-error", ["body", "input"]),
    ("token id list", {"input": [15339, 1917]}, 422, "validation-error", ["body", "input"]),
    ("no input", {"model": "minilm"}, 422, "validation-error", None),
    ("bad format", {"input": "x", "encoding_format": "int8"}, 422, "validation-error", None),
    ("dimensions", {"input": "x", "dimensions": 128}, 422, "invalid-input", ["body", "dimensions"]),
    ("dimensions zero", {"input": "x", "dimensions": 0}, 422, "validation-error", None),
    ("unknown model", {"input": "x", "model": "nope"}, 404, "model-not-found", None),
    ("not a text model", {"input": "x", "model": "digits"}, 400, "bad-request", None),
    ("unknown version", {"input": "x", "version": "9"}, 404, "version-not-found", None),
    ("lone surrogate", {"input": ["ok", "\ud800"]}, 422, "validation-error", ["body", "input", 1]),
]


@pytest.mark.parametrize(
    ("body", "status", "slug", "loc"),
    [pytest.param(b, s, t, loc, id=name) for name, b, s, t, loc in BAD_BODIES],
)
def test_bad_input_gets_a_problem_and_service_keeps_serving(
    gateway: TestClient, body: Any, status: int, slug: str, loc: list[Any] | None
) -> None:
    # json.dumps escapes to ASCII, so a lone surrogate travels as JSON allows it ("\\ud800").
    response = gateway.post(
        URL, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    problem = assert_problem(response, status, slug)
    if loc is not None:
        assert problem["errors"][0]["loc"] == loc
    assert len(_embed(gateway, "still serving")["data"]) == 1


def test_every_bad_text_is_named(gateway: TestClient) -> None:
    response = gateway.post(URL, json={"input": ["fine", "", "fine", "   "]})
    assert response.status_code == 422
    locs = [item["loc"] for item in response.json()["errors"]]
    assert locs == [["body", "input", 1], ["body", "input", 3]]  # request paths only
    response = gateway.post(URL, json={"input": ["fine", "\x1f", "fine", "x" * 20_001]})
    locs = [item["loc"] for item in response.json()["errors"]]
    assert locs == [["body", "input", 1], ["body", "input", 3]]


def test_token_ids_are_refused_saying_why(gateway: TestClient) -> None:
    """LangChain's OpenAIEmbeddings sends tiktoken ids by default: they are not minilm's."""
    response = gateway.post(URL, json={"model": "minilm", "input": [[15339, 1917]]})
    problem = assert_problem(response, 422, "validation-error")
    assert [item["loc"] for item in problem["errors"]] == [["body", "input"]]
    assert "token-id arrays are not accepted" in problem["errors"][0]["msg"]
    assert "token-id arrays are not accepted" in problem["error"]["message"]
    assert problem["error"]["param"] == "input"


def test_dimensions_of_the_model_itself_are_accepted(gateway: TestClient) -> None:
    response = gateway.post(URL, json={"input": "x", "dimensions": DIMENSIONS})
    assert response.status_code == 200, response.text
    assert len(response.json()["data"][0]["embedding"]) == DIMENSIONS


def test_wrong_content_type(gateway: TestClient) -> None:
    response = gateway.post(URL, content=b'{"input": "x"}', headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"
