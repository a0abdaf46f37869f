"""``minilm`` on the real Triton over gRPC: metadata, embeddings, padding, batching, errors.

Token ids come from the model's ``tokenizer.json`` (copied next to the ONNX file by the build),
tokenized with the ``tokenizers`` library; the expected embeddings are those of onnxruntime
running the same ONNX file directly (PyTorch is not in this environment: the build compared the
ONNX file with PyTorch, see the model card).
"""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
import pytest
import tritonclient.grpc as grpcclient
from tokenizers import Tokenizer
from tritonclient.utils import InferenceServerException

from inferstack_tools.builds.minilm_artifact import (
    SOURCE_PACKAGE,
    SOURCE_SHA256,
    SOURCE_VERSION,
    sha256_file,
)
from inferstack_tools.launcher.triton import TritonServer
from tests.conftest import MODEL_REPOSITORY
from tests.triton_statistics import settled_statistics, statistics

MODEL = "minilm"
VERSION_DIR = MODEL_REPOSITORY / MODEL / "1"
DIMENSIONS = 384
MAX_LENGTH = 256
VOCAB_SIZE = 30522
ATOL = 1e-5

Ids = npt.NDArray[np.int64]
Embeddings = npt.NDArray[np.float32]

SENTENCES = (
    "A man is playing a guitar.",
    "The new movie is awesome.",
    "hello",
    "How do I reset my password? I tried the link in the e-mail but it has expired.",
    "Stock markets fell sharply on Monday after the central bank raised interest rates.",
    "I love pizza 🍕!",
    "Café crème et naïveté.",
    " ".join(["The quick brown fox jumps over the lazy dog."] * 30),  # truncated at 256 tokens
)

# (sentence, paraphrase, unrelated sentence)
PARAPHRASES = (
    ("A man is playing a guitar.", "Someone is strumming a guitar.", "The stock market fell."),
    ("The cat sits on the mat.", "A kitten is resting on a rug.", "I need to renew my passport."),
    (
        "How do I reset my password?",
        "I forgot my password, how can I change it?",
        "The weather is lovely today.",
    ),
    (
        "Shares dropped steeply at the start of the week.",
        "Stock markets fell sharply on Monday.",
        "She baked a chocolate cake for the party.",
    ),
)


@pytest.fixture(scope="module")
def client(triton: TritonServer) -> Iterator[grpcclient.InferenceServerClient]:
    with grpcclient.InferenceServerClient(triton.grpc_url) as client:
        yield client


@pytest.fixture(scope="module")
def tokenizer(triton: TritonServer) -> Tokenizer:
    """The model's tokenizer, truncating at 256 tokens and padding to the longest, right."""
    tokenizer = Tokenizer.from_file(str(VERSION_DIR / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_LENGTH)
    tokenizer.enable_padding(direction="right", pad_id=0, pad_token="[PAD]")
    return tokenizer


@pytest.fixture(scope="module")
def session(triton: TritonServer) -> Any:
    """onnxruntime running the served ONNX file directly."""
    return ort.InferenceSession(str(VERSION_DIR / "model.onnx"), providers=["CPUExecutionProvider"])


def card() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((VERSION_DIR / "model_card.json").read_text())
    return loaded


def encode(tokenizer: Tokenizer, sentences: Sequence[str]) -> tuple[Ids, Ids]:
    """``input_ids`` and ``attention_mask`` of ``sentences``, padded to the longest."""
    encodings = tokenizer.encode_batch(list(sentences))
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    return ids, mask


def inputs(
    ids: npt.NDArray[Any], mask: npt.NDArray[Any], datatype: str = "INT64"
) -> list[grpcclient.InferInput]:
    tensors = []
    for name, array in (("input_ids", ids), ("attention_mask", mask)):
        tensor = grpcclient.InferInput(name, list(array.shape), datatype)
        tensor.set_data_from_numpy(array)
        tensors.append(tensor)
    return tensors


def embed(client: grpcclient.InferenceServerClient, ids: Ids, mask: Ids) -> Embeddings:
    result = client.infer(MODEL, inputs(ids, mask))
    embedding: Embeddings = result.as_numpy("embedding")
    return embedding


def local(session: Any, ids: Ids, mask: Ids) -> Embeddings:
    (embedding,) = session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})
    return np.asarray(embedding, dtype=np.float32)


def tensors(metadata: dict[str, Any], key: str) -> list[tuple[str, str, list[int]]]:
    return [(t["name"], t["datatype"], list(map(int, t["shape"]))) for t in metadata[key]]


def parameters(client: grpcclient.InferenceServerClient) -> dict[str, str]:
    config = client.get_model_config(MODEL, as_json=True)["config"]
    return {key: value["string_value"] for key, value in config["parameters"].items()}


def test_metadata_describes_the_contract(client: grpcclient.InferenceServerClient) -> None:
    metadata = client.get_model_metadata(MODEL, as_json=True)
    assert metadata["versions"] == ["1"]
    assert tensors(metadata, "inputs") == [
        ("input_ids", "INT64", [-1, -1]),
        ("attention_mask", "INT64", [-1, -1]),
    ]
    assert tensors(metadata, "outputs") == [("embedding", "FP32", [-1, DIMENSIONS])]


def test_config_as_triton_reads_it(client: grpcclient.InferenceServerClient) -> None:
    config = client.get_model_config(MODEL, as_json=True)["config"]
    assert config["backend"] == "python"
    assert config["max_batch_size"] == 64
    assert "dynamic_batching" in config
    assert all(entry["allow_ragged_batch"] for entry in config["input"])
    found = parameters(client)
    assert found["task"] == "embeddings"
    assert found["processor"] == "minilm"
    assert found["max_sequence_length"] == str(MAX_LENGTH)
    assert found["dimensions"] == str(DIMENSIONS)
    assert found["vocab_size"] == str(VOCAB_SIZE)


def test_the_warm_up_sample_is_hello_world_as_the_tokenizer_encodes_it(
    client: grpcclient.InferenceServerClient, tokenizer: Tokenizer
) -> None:
    config = client.get_model_config(MODEL, as_json=True)["config"]
    (sample,) = config["model_warmup"]
    files = {name: spec["input_data_file"] for name, spec in sample["inputs"].items()}
    assert set(files) == {"input_ids", "attention_mask"}
    ids, mask = encode(tokenizer, ["hello world"])
    warmup = MODEL_REPOSITORY / MODEL / "warmup"
    sent = {name: np.fromfile(warmup / file, dtype="<i8") for name, file in files.items()}
    np.testing.assert_array_equal(sent["input_ids"], ids[0])
    np.testing.assert_array_equal(sent["attention_mask"], mask[0])
    for spec in sample["inputs"].values():
        assert [int(d) for d in spec["dims"]] == [ids.shape[1]]
    np.testing.assert_array_equal(ids[0], [101, 7592, 2088, 102])  # as config.pbtxt says


def test_config_facts_match_the_model_card(client: grpcclient.InferenceServerClient) -> None:
    found, recorded = parameters(client), card()
    assert int(found["max_sequence_length"]) == recorded["max_sequence_length"]
    assert int(found["dimensions"]) == recorded["dimensions"]
    assert int(found["vocab_size"]) == recorded["vocab_size"]
    assert f"{SOURCE_PACKAGE} {SOURCE_VERSION}" in found["card.source"]
    assert (
        found["card.weights_sha256"] == recorded["source"]["files"]["model.safetensors"]["sha256"]
    )
    reference = recorded["reference"]
    assert float(found["card.reference_min_cosine"]) == reference["min_cosine"]
    assert (
        float(found["card.reference_min_cosine_sentence_transformers"])
        == reference["min_cosine_sentence_transformers"]
    )
    assert reference["min_cosine"] >= 0.999
    assert reference["min_cosine_sentence_transformers"] >= 0.999


def test_the_markdown_card_shows_the_json_card_digests() -> None:
    recorded = card()
    markdown = (MODEL_REPOSITORY / MODEL / "MODEL_CARD.md").read_text()
    assert recorded["onnx_sha256"] in markdown
    assert SOURCE_SHA256["model.safetensors"] in markdown


def test_embeddings_match_onnxruntime_and_are_unit_length(
    client: grpcclient.InferenceServerClient, tokenizer: Tokenizer, session: Any
) -> None:
    ids, mask = encode(tokenizer, SENTENCES)
    assert ids.shape[1] == MAX_LENGTH  # the long text is truncated, the rest padded to it
    embeddings = embed(client, ids, mask)
    assert embeddings.shape == (len(SENTENCES), DIMENSIONS)
    assert embeddings.dtype == np.float32
    np.testing.assert_allclose(embeddings, local(session, ids, mask), atol=ATOL)
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=1e-5)


def test_paraphrases_score_higher_than_unrelated_sentences(
    client: grpcclient.InferenceServerClient, tokenizer: Tokenizer
) -> None:
    for sentence, paraphrase, unrelated in PARAPHRASES:
        anchor, close, far = embed(client, *encode(tokenizer, [sentence, paraphrase, unrelated]))
        assert float(anchor @ close) > float(anchor @ far) + 0.2, (sentence, paraphrase)
        assert float(anchor @ close) > 0.5


def fire_concurrently(
    client: grpcclient.InferenceServerClient, requests: Sequence[tuple[Ids, Ids]]
) -> list[Embeddings | InferenceServerException]:
    """Send every request at once (async gRPC), then wait for all the answers, in order."""
    answers: queue.Queue[tuple[int, Any, InferenceServerException | None]] = queue.Queue()
    for index, (ids, mask) in enumerate(requests):
        client.async_infer(
            MODEL,
            inputs(ids, mask),
            callback=lambda result, error, index=index: answers.put((index, result, error)),
        )
    results: list[Embeddings | InferenceServerException | None] = [None] * len(requests)
    for _ in requests:
        index, result, error = answers.get(timeout=60)
        results[index] = error if error is not None else result.as_numpy("embedding")
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


def unpadded_requests(tokenizer: Tokenizer, sentences: Sequence[str]) -> list[tuple[Ids, Ids]]:
    """One single-row request per sentence, each exactly as long as its tokens."""
    ids, mask = encode(tokenizer, sentences)
    lengths = mask.sum(axis=1)
    return [(ids[i : i + 1, :n], mask[i : i + 1, :n]) for i, n in enumerate(lengths)]


def test_concurrent_requests_of_different_lengths_match_each_sent_alone(
    client: grpcclient.InferenceServerClient, tokenizer: Tokenizer
) -> None:
    requests = unpadded_requests(tokenizer, SENTENCES)
    # and two multi-row requests, padded to their own longest sentence
    requests += [encode(tokenizer, SENTENCES[:3]), encode(tokenizer, SENTENCES[3:6])]
    alone = [embed(client, ids, mask) for ids, mask in requests]
    for _ in range(3):
        together = fire_concurrently(client, requests * 2)
        for result, expected in zip(together, alone * 2, strict=True):
            assert not isinstance(result, InferenceServerException), result
            assert result.shape == expected.shape
            np.testing.assert_allclose(result, expected, atol=ATOL)


def test_dynamic_batching_merges_requests_of_different_lengths(
    client: grpcclient.InferenceServerClient, tokenizer: Tokenizer
) -> None:
    # 48 requests, every one of another length: Triton batches such requests only because the
    # inputs allow ragged batches (without that, 48 requests take 48 executions).
    ids, mask = encode(tokenizer, SENTENCES[-1:])
    requests = [(ids[:, :length], mask[:, :length]) for length in range(2, 50)]
    before = statistics(client, MODEL, "1")
    results = fire_concurrently(client, requests)
    after = settled_statistics(client, MODEL, "1", before.inferences + len(requests))
    assert not any(isinstance(result, InferenceServerException) for result in results)
    assert after.inferences - before.inferences == len(requests)
    assert after.executions - before.executions < len(requests)


def test_a_bad_request_fails_alone_among_concurrent_ones(
    client: grpcclient.InferenceServerClient, tokenizer: Tokenizer
) -> None:
    requests = unpadded_requests(tokenizer, SENTENCES[:6])
    expected = [embed(client, ids, mask) for ids, mask in requests]
    poisoned_ids = requests[2][0].copy()
    poisoned_ids[0, 1] = VOCAB_SIZE
    requests[2] = (poisoned_ids, requests[2][1])
    results = fire_concurrently(client, requests)
    error = results.pop(2)
    assert isinstance(error, InferenceServerException)
    assert error.status() == "StatusCode.INVALID_ARGUMENT"
    assert "token ids must lie in 0..30521" in str(error.message())
    for result, wanted in zip(results, expected[:2] + expected[3:], strict=True):
        assert not isinstance(result, InferenceServerException)
        np.testing.assert_allclose(result, wanted, atol=ATOL)


def ones(rows: int, length: int, dtype: type = np.int64) -> npt.NDArray[Any]:
    return np.ones((rows, length), dtype=dtype)


def bad_ids() -> Ids:
    ids = ones(2, 5) * 1000
    ids[1, 3] = VOCAB_SIZE
    return ids


def negative_ids() -> Ids:
    ids = ones(1, 5) * 1000
    ids[0, 0] = -1
    return ids


def mask_with(value: int, row: int = 0) -> Ids:
    mask = ones(2, 5)
    mask[row] = value
    return mask


@pytest.mark.parametrize(
    ("ids", "mask", "datatype", "message"),
    [
        (ones(1, 5, np.int32), ones(1, 5, np.int32), "INT32", "data-type is 'INT32'"),
        (ones(1, 5) * 1000, ones(1, 6), "INT64", "differ in shape"),
        (bad_ids(), ones(2, 5), "INT64", "token ids must lie in 0..30521"),
        (negative_ids(), ones(1, 5), "INT64", "token ids must lie in 0..30521"),
        (ones(2, 5) * 1000, mask_with(2), "INT64", "values must be 0 or 1"),
        (ones(2, 5) * 1000, mask_with(0, row=1), "INT64", "row 1 has no token"),
        (ones(1, MAX_LENGTH + 1), ones(1, MAX_LENGTH + 1), "INT64", "exceeds the maximum of 256"),
        (ones(65, 4), ones(65, 4), "INT64", "batch-size must be"),
    ],
    ids=[
        "wrong-datatype",
        "mismatched-shapes",
        "id-out-of-vocabulary",
        "negative-id",
        "mask-not-0-or-1",
        "row-without-tokens",
        "too-long",
        "too-many-rows",
    ],
)
def test_malformed_requests_fail_and_the_next_one_succeeds(
    client: grpcclient.InferenceServerClient,
    tokenizer: Tokenizer,
    ids: npt.NDArray[Any],
    mask: npt.NDArray[Any],
    datatype: str,
    message: str,
) -> None:
    with pytest.raises(InferenceServerException, match=message):
        client.infer(MODEL, inputs(ids, mask, datatype))
    assert embed(client, *encode(tokenizer, SENTENCES[:2])).shape == (2, DIMENSIONS)


def test_the_longest_allowed_sequence_is_served(
    client: grpcclient.InferenceServerClient, tokenizer: Tokenizer, session: Any
) -> None:
    ids, mask = encode(tokenizer, SENTENCES[-1:])
    assert ids.shape == (1, MAX_LENGTH)
    np.testing.assert_allclose(embed(client, ids, mask), local(session, ids, mask), atol=ATOL)


def test_the_served_files_are_those_the_card_records(triton: TritonServer) -> None:
    recorded = card()  # (the triton fixture built them if they were missing or stale)
    for name, key in (("model.onnx", "onnx_sha256"), ("tokenizer.json", "tokenizer_sha256")):
        assert sha256_file(VERSION_DIR / name) == recorded[key], name
