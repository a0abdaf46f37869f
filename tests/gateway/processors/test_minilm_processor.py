"""The minilm processor without Triton: tokenization, truncation, padding, label ranking, the
packaged tokenizer's checksum; and the pure checks of the text embedding service."""

from __future__ import annotations

import base64
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from inferstack_gateway.app import create_app
from inferstack_gateway.errors import InvalidInput, TritonUnavailable
from inferstack_gateway.processors.base import FloatArray
from inferstack_gateway.processors.minilm import (
    ASSETS,
    CHECKSUMS_FILE,
    DEFAULT_MAX_LENGTH,
    TEMPERATURE,
    TOKENIZER_FILE,
    AssetError,
    MiniLMProcessor,
    read_verified,
    softmax,
)
from inferstack_gateway.processors.registry import default_processors
from inferstack_gateway.services.text_checks import check_texts
from inferstack_gateway.services.text_embeddings import encode_vector
from inferstack_gateway.settings import GatewaySettings
from inferstack_schemas import (
    EmbeddingRequest,
    TextClassificationRequest,
    check_hypothesis_template,
    hypothesis,
)

CLS, SEP, PAD = 101, 102, 0


@pytest.fixture(scope="module")
def processor() -> MiniLMProcessor:
    loaded = MiniLMProcessor()
    loaded.load()
    return loaded


# --- tokenization ---------------------------------------------------------------------------


def test_known_token_ids(processor: MiniLMProcessor) -> None:
    batch = processor.preprocess(["Hello world!"], DEFAULT_MAX_LENGTH)
    assert batch.input_ids.tolist() == [[CLS, 7592, 2088, 999, SEP]]  # lower-cased WordPiece
    assert batch.attention_mask.tolist() == [[1, 1, 1, 1, 1]]
    assert batch.tokens == [5]
    assert batch.truncated == [False]


def test_batch_is_padded_to_its_longest_text(processor: MiniLMProcessor) -> None:
    texts = ["short", "a somewhat longer sentence than the first", "two words"]
    batch = processor.preprocess(texts, DEFAULT_MAX_LENGTH)
    width = max(batch.tokens)
    assert batch.input_ids.shape == batch.attention_mask.shape == (3, width)
    assert batch.input_ids.dtype == batch.attention_mask.dtype == np.int64
    for row, count in enumerate(batch.tokens):
        assert batch.attention_mask[row].tolist() == [1] * count + [0] * (width - count)
        assert batch.input_ids[row, 0] == CLS
        assert batch.input_ids[row, count - 1] == SEP
        assert (batch.input_ids[row, count:] == PAD).all()
    assert batch.tokens[0] == 3  # [CLS] short [SEP]


def test_alone_and_in_a_batch_give_the_same_tokens(processor: MiniLMProcessor) -> None:
    texts = ["The cat sat on the mat.", "Quantum computers use qubits.", "ok"]
    batch = processor.preprocess(texts, DEFAULT_MAX_LENGTH)
    for row, text in enumerate(texts):
        alone = processor.preprocess([text], DEFAULT_MAX_LENGTH)
        count = batch.tokens[row]
        assert alone.input_ids[0].tolist() == batch.input_ids[row, :count].tolist()


def test_parts_of_a_batch_are_padded_to_their_own_longest(processor: MiniLMProcessor) -> None:
    batch = processor.preprocess(["one two three four five six", "a", "b c"], DEFAULT_MAX_LENGTH)
    tail = batch.tensors([2, 1])
    assert tail["input_ids"].shape == (2, 4)  # "b c": [CLS] b c [SEP]
    assert tail["input_ids"].tolist() == [[CLS, 1038, 1039, SEP], [CLS, 1037, SEP, PAD]]
    assert tail["attention_mask"].tolist() == [[1, 1, 1, 1], [1, 1, 1, 0]]
    assert batch.tensors()["input_ids"] is batch.input_ids


def _words(count: int) -> str:
    return " ".join(["word"] * count)  # "word" is one token


@pytest.mark.parametrize("max_length", [8, 32, DEFAULT_MAX_LENGTH])
def test_truncation_at_the_maximum_length(processor: MiniLMProcessor, max_length: int) -> None:
    fits = _words(max_length - 2)  # with [CLS] and [SEP]: exactly the maximum
    over = _words(max_length - 1)
    batch = processor.preprocess([fits, over, "word"], max_length)
    assert batch.tokens == [max_length, max_length, 3]
    assert batch.truncated == [False, True, False]
    assert batch.input_ids.shape == (3, max_length)
    assert batch.input_ids[1, -1] == SEP  # the cut keeps the closing special token


def test_long_texts_are_cut_and_counted(processor: MiniLMProcessor) -> None:
    batch = processor.preprocess([_words(5000), "short text"], DEFAULT_MAX_LENGTH)
    assert batch.tokens == [DEFAULT_MAX_LENGTH, 4]
    assert batch.truncated == [True, False]


def _random_text(rng: random.Random, length: int) -> str:
    pieces = [
        "word",
        "Ünïcödé",
        "tokenization",
        "x" * 120,  # over WordPiece's 100 characters per word: [UNK]
        "中文字",
        "\t",
        "\n",
        "\x1c",  # Python whitespace that BERT's normalizer drops (joins its neighbours)
        "e\u0301",  # a combining accent, stripped
        "!?",
        "  ",
        "",
    ]
    out: list[str] = []
    while sum(map(len, out)) < length:
        out.append(rng.choice(pieces))
        out.append(rng.choice([" ", "", "", "\u3000"]))
    return "".join(out)


@pytest.mark.parametrize("seed", range(8))
def test_long_texts_tokenize_as_if_whole(processor: MiniLMProcessor, seed: int) -> None:
    """Long texts are tokenized from a prefix when that suffices; the result must be exactly
    what tokenizing the whole text gives."""
    rng = random.Random(seed)
    texts = [_random_text(rng, rng.choice([300, 2500, 6000])) for _ in range(12)]
    texts.append("中" * 5000)  # no space at all, but ideographs are safe places to cut
    texts.append("y" * 3000 + " " + _words(400))  # no place to cut in the prefix
    for max_length in (16, DEFAULT_MAX_LENGTH):
        batch = processor.preprocess(texts, max_length)
        whole = processor.tokenizer(max_length).encode_batch(texts)
        for row, encoding in enumerate(whole):
            count = batch.tokens[row]
            assert batch.input_ids[row, :count].tolist() == encoding.ids, (seed, row)
            assert batch.truncated[row] == bool(encoding.overflowing), (seed, row)


def test_control_characters_and_odd_unicode(processor: MiniLMProcessor) -> None:
    batch = processor.preprocess(["\x00\x01\x02", "🙂", "\u200b"], DEFAULT_MAX_LENGTH)
    assert batch.tokens[0] == 2  # all dropped: [CLS] [SEP]
    assert batch.input_ids[1, 1] == 100  # [UNK]


def test_one_tokenizer_per_maximum_length(processor: MiniLMProcessor) -> None:
    assert processor.tokenizer(64) is processor.tokenizer(64)
    assert processor.tokenizer(64) is not processor.tokenizer(DEFAULT_MAX_LENGTH)
    with pytest.raises(ValueError, match="at least"):
        processor.tokenizer(2)


# --- post-processing --------------------------------------------------------------------------


def _unit(*rows: list[float]) -> FloatArray:
    array = np.asarray(rows, dtype=np.float32)
    normalised: FloatArray = (array / np.linalg.norm(array, axis=1, keepdims=True)).astype(
        np.float32
    )
    return normalised


def test_postprocess_gives_unit_vectors(processor: MiniLMProcessor) -> None:
    vectors = processor.postprocess(np.asarray([[3.0, 4.0], [0.6, 0.8]]), 2)
    assert vectors.dtype == np.float32
    assert np.allclose(vectors, [[0.6, 0.8], [0.6, 0.8]])
    with pytest.raises(TritonUnavailable):
        processor.postprocess(np.zeros((3, 4), np.float32), 2)
    with pytest.raises(TritonUnavailable):
        processor.postprocess(np.zeros(4, np.float32), 4)


def test_labels_ranked_by_similarity_with_a_softmax(processor: MiniLMProcessor) -> None:
    texts = _unit([1.0, 0.0, 0.0], [0.0, 0.0, 1.0])
    hypotheses = _unit([0.0, 1.0, 0.0], [1.0, 0.2, 0.0], [0.3, 0.0, 1.0])
    ranked = processor.rank_labels(texts, hypotheses, ["a", "b", "c"])
    assert [s.label for s in ranked[0]] == ["b", "c", "a"]
    assert [s.label for s in ranked[1]] == ["c", "a", "b"]
    for scores in ranked:
        probabilities = [s.probability for s in scores]
        assert probabilities == sorted(probabilities, reverse=True)
        assert sum(probabilities) == pytest.approx(1.0, abs=1e-9)
        assert all(-1.0 <= s.similarity <= 1.0 for s in scores)
    first, second = ranked[0][0], ranked[0][1]
    assert first.similarity == pytest.approx(float(hypotheses[1] @ texts[0]), abs=1e-6)
    # softmax at the temperature: odds = exp(similarity difference / temperature)
    odds = first.probability / second.probability
    assert odds == pytest.approx(np.exp((first.similarity - second.similarity) / TEMPERATURE))


def test_temperature_shapes_probabilities_not_ranking() -> None:
    texts = _unit([1.0, 0.1])
    hypotheses = _unit([1.0, 0.0], [0.0, 1.0])
    sharp = MiniLMProcessor(temperature=0.01).rank_labels(texts, hypotheses, ["x", "y"])[0]
    soft = MiniLMProcessor(temperature=1.0).rank_labels(texts, hypotheses, ["x", "y"])[0]
    assert [s.label for s in sharp] == [s.label for s in soft] == ["x", "y"]
    assert sharp[0].probability > 0.99 > soft[0].probability > 0.5
    with pytest.raises(ValueError, match="positive"):
        MiniLMProcessor(temperature=0)


def test_ties_keep_label_order(processor: MiniLMProcessor) -> None:
    texts = _unit([1.0, 0.0])
    hypotheses = _unit([0.0, 1.0], [0.0, 1.0], [0.0, 1.0])
    ranked = processor.rank_labels(texts, hypotheses, ["p", "q", "r"])[0]
    assert [s.label for s in ranked] == ["p", "q", "r"]
    assert all(s.probability == pytest.approx(1 / 3) for s in ranked)


def test_softmax_is_stable() -> None:
    result = softmax(np.asarray([[1000.0, 1000.0], [-1000.0, 0.0]]))
    assert np.allclose(result, [[0.5, 0.5], [0.0, 1.0]])


def test_base64_is_little_endian_float32() -> None:
    vector = np.asarray([0.5, -1.25, 3.0], dtype=np.float32)
    encoded = encode_vector(vector, "base64")
    assert isinstance(encoded, str)
    decoded = np.frombuffer(base64.b64decode(encoded), dtype="<f4")
    assert decoded.tolist() == [0.5, -1.25, 3.0]
    assert encode_vector(vector, "float") == [0.5, -1.25, 3.0]


# --- the hypothesis template and the request bodies -------------------------------------------


def test_hypothesis_template_needs_a_placeholder() -> None:
    assert check_hypothesis_template("About {}.") == "About {}."
    assert hypothesis("{} and {}", "sports") == "sports and {}"  # the first takes the label
    for bad in ("About nothing.", "About {0}.", "{label}"):
        with pytest.raises(ValueError, match="must contain"):
            check_hypothesis_template(bad)
    with pytest.raises(ValidationError, match="hypothesis_template"):
        TextClassificationRequest(texts=["t"], labels=["a"], hypothesis_template="no slot")


def test_hypothesis_replaces_only_the_placeholder() -> None:
    assert hypothesis("This text is about {}.", "sports") == "This text is about sports."
    assert hypothesis("{x} is {}", "{}") == "{x} is {}"  # other braces, and the label, as is


def test_request_defaults_and_shapes() -> None:
    request = TextClassificationRequest(texts=["t"], labels=["a"])
    assert request.model == "minilm"
    assert request.hypothesis_template == "This text is about {}."
    embedding = EmbeddingRequest(input="hello")
    assert (embedding.model, embedding.encoding_format, embedding.user) == ("minilm", "float", None)
    bad_bodies: list[dict[str, object]] = [
        {"input": []},
        {"input": [1, 2]},
        {"input": ""},
        {"input": ["a", " "]},
        {"input": "x", "dimensions": 0},
    ]
    for bad in bad_bodies:
        with pytest.raises(ValidationError):
            EmbeddingRequest.model_validate(bad)


# --- the service's text checks -----------------------------------------------------------------


def test_every_bad_text_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_texts(["fine", "", "  \n\t", "x" * 11, "ok", "\ud800"], "texts", 10, noun="input")
    locs = [(item.field, item.index) for item in caught.value.errors]
    assert locs == [("texts", i) for i in (1, 2, 3, 5)]
    assert "input[3]" in caught.value.detail
    check_texts(["fine", "x" * 10], "texts", 10, noun="texts")  # at the limit: fine


def test_a_single_text_is_named_without_an_index() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_texts([" "], "texts", 10, noun="input", single=True)
    assert [(item.field, item.index) for item in caught.value.errors] == [("texts", None)]


# --- the packaged tokenizer and its checksum -------------------------------------------------


def test_packaged_tokenizer_matches_its_checksum() -> None:
    data = read_verified(ASSETS, TOKENIZER_FILE)
    assert data.startswith(b"{")
    sums = ASSETS.joinpath(CHECKSUMS_FILE).read_text()
    assert sums.split() == [
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        TOKENIZER_FILE,
    ]


def _copy_assets(tmp_path: Path) -> Path:
    target = tmp_path / "minilm"
    target.mkdir()
    for name in (TOKENIZER_FILE, CHECKSUMS_FILE):
        target.joinpath(name).write_bytes(ASSETS.joinpath(name).read_bytes())
    return target


def test_a_changed_tokenizer_is_refused(tmp_path: Path) -> None:
    assets = _copy_assets(tmp_path)
    path = assets / TOKENIZER_FILE
    path.write_bytes(path.read_bytes().replace(b'"[UNK]"', b'"[UNX]"', 1))
    with pytest.raises(AssetError, match=r"is not the one shipped \(sha256 [0-9a-f]{64}"):
        MiniLMProcessor(assets).load()


def test_missing_asset_or_checksum_is_refused(tmp_path: Path) -> None:
    assets = _copy_assets(tmp_path)
    (assets / CHECKSUMS_FILE).write_text("0" * 64 + "  other.json\n")
    with pytest.raises(AssetError, match="no entry"):
        MiniLMProcessor(assets).load()
    shutil.rmtree(assets)
    with pytest.raises(AssetError, match="cannot read"):
        MiniLMProcessor(assets).load()


def test_gateway_does_not_start_with_a_changed_tokenizer(tmp_path: Path) -> None:
    assets = _copy_assets(tmp_path)
    (assets / TOKENIZER_FILE).write_bytes(b"{}")
    processors = default_processors()
    processors["minilm"] = MiniLMProcessor(assets)
    app = create_app(GatewaySettings(triton_url="127.0.0.1:9"), processors=processors)
    with pytest.raises(AssetError, match="reinstall"), TestClient(app):
        pass
