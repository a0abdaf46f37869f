"""The minilm Triton runner: validate per request, pad to one length, ONE model call, split back."""

from __future__ import annotations

import sys
from types import SimpleNamespace
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from model_repository.minilm import text_embedding_model as runner
from model_repository.minilm.text_embedding_model import Array, Ids, Limits, RequestError

LIMITS = Limits(vocab_size=100, max_sequence_length=8, dimensions=3)


def request(*rows: list[int]) -> dict[str, Array | None]:
    """A request whose rows are right-padded (id 0, mask 0) to the longest of ``rows``."""
    length = max(len(row) for row in rows)
    ids = np.zeros((len(rows), length), dtype=np.int64)
    mask = np.zeros((len(rows), length), dtype=np.int64)
    for index, row in enumerate(rows):
        ids[index, : len(row)] = row
        mask[index, : len(row)] = 1
    return {"input_ids": ids, "attention_mask": mask}


def pair(tensors: dict[str, Array | None]) -> tuple[Ids, Ids]:
    ids, mask = tensors["input_ids"], tensors["attention_mask"]
    assert ids is not None
    assert mask is not None
    return ids, mask


class FakeModel:
    """Stands in for onnxruntime: each row's embedding is (sum of its masked ids, tokens, 0)."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, ids: Ids, mask: Ids) -> npt.NDArray[np.float64]:
        rows, length = ids.shape
        self.calls.append((rows, length))
        summed = (ids * mask).sum(axis=1)
        result: npt.NDArray[np.float64] = np.stack(
            [summed, mask.sum(axis=1), np.zeros(rows)], axis=1
        ).astype(np.float64)
        return result


def sums(result: Array | RequestError) -> list[float]:
    assert not isinstance(result, RequestError), result
    return [float(v) for v in result[:, 0]]


@pytest.mark.parametrize(
    ("tensors", "problem"),
    [
        ({"attention_mask": np.ones((1, 3), np.int64)}, "input 'input_ids' is missing"),
        ({"input_ids": np.ones((1, 3), np.int64)}, "input 'attention_mask' is missing"),
        (
            {"input_ids": np.ones((1, 3), np.int32), "attention_mask": np.ones((1, 3), np.int64)},
            "input 'input_ids': expected dtype int64, got int32",
        ),
        (
            {"input_ids": np.ones((1, 3), np.int64), "attention_mask": np.ones((1, 3), np.float32)},
            "input 'attention_mask': expected dtype int64, got float32",
        ),
        (
            {"input_ids": np.ones(3, np.int64), "attention_mask": np.ones(3, np.int64)},
            "input 'input_ids': expected shape [N, S], got [3]",
        ),
        (
            {"input_ids": np.ones((1, 3), np.int64), "attention_mask": np.ones((1, 4), np.int64)},
            "inputs 'input_ids' [1, 3] and 'attention_mask' [1, 4] differ in shape",
        ),
        (
            {"input_ids": np.ones((0, 3), np.int64), "attention_mask": np.ones((0, 3), np.int64)},
            "inputs are empty: shape [0, 3]",
        ),
        (
            {"input_ids": np.ones((1, 9), np.int64), "attention_mask": np.ones((1, 9), np.int64)},
            "sequence length 9 exceeds the maximum of 8 tokens: truncate when tokenizing",
        ),
        (
            {"input_ids": np.array([[1, 100]]), "attention_mask": np.ones((1, 2), np.int64)},
            "input 'input_ids': token ids must lie in 0..99, got 1..100",
        ),
        (
            {"input_ids": np.array([[-1, 5]]), "attention_mask": np.ones((1, 2), np.int64)},
            "input 'input_ids': token ids must lie in 0..99, got -1..5",
        ),
        (
            {"input_ids": np.ones((1, 2), np.int64), "attention_mask": np.array([[1, 2]])},
            "input 'attention_mask': values must be 0 or 1",
        ),
        (
            {"input_ids": np.ones((2, 2), np.int64), "attention_mask": np.array([[1, 1], [0, 0]])},
            "input 'attention_mask': row 1 has no token (all 0)",
        ),
    ],
)
def test_check_request_rejects(tensors: dict[str, Array | None], problem: str) -> None:
    assert runner.check_request(tensors, LIMITS) == RequestError(problem)


def test_check_request_accepts_padding_and_the_longest_sequence() -> None:
    assert runner.check_request(request([5, 6, 7], [8]), LIMITS) is None
    assert runner.check_request(request(list(range(1, 9))), LIMITS) is None


def test_pad_and_stack_right_pads_every_request_to_the_longest() -> None:
    first, second = request([1, 2], [3]), request([4, 5, 6, 7])
    ids, mask, sizes = runner.pad_and_stack([pair(first), pair(second)])
    assert sizes == [2, 1]
    assert ids.tolist() == [[1, 2, 0, 0], [3, 0, 0, 0], [4, 5, 6, 7]]
    assert mask.tolist() == [[1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1]]
    assert ids.dtype == mask.dtype == np.int64


def test_trim_padding_drops_only_columns_without_any_token() -> None:
    ids = np.array([[1, 2, 0, 0, 0], [3, 0, 4, 0, 0]])
    mask = np.array([[1, 1, 0, 0, 0], [1, 0, 1, 0, 0]])
    trimmed_ids, trimmed_mask = runner.trim_padding(ids, mask)
    assert trimmed_ids.tolist() == [[1, 2, 0], [3, 0, 4]]
    assert trimmed_mask.tolist() == [[1, 1, 0], [1, 0, 1]]


def test_split_rows_cuts_consecutive_pieces() -> None:
    pieces = runner.split_rows(np.arange(5), [2, 0, 3])
    assert [p.tolist() for p in pieces] == [[0, 1], [], [2, 3, 4]]
    with pytest.raises(ValueError, match="output has 5 rows, the requests 4"):
        runner.split_rows(np.arange(5), [2, 2])


def test_one_model_call_answers_requests_of_different_lengths_in_order() -> None:
    model = FakeModel()
    requests = [request([1, 2], [3]), request([10, 20, 30, 40, 50]), request([7])]
    results = runner.run_batch(requests, LIMITS, model)
    assert model.calls == [(4, 5)]
    assert [sums(r) for r in results] == [[3, 3], [150], [7]]
    assert all(isinstance(r, np.ndarray) and r.dtype == np.float32 for r in results)
    assert [r.shape for r in results if isinstance(r, np.ndarray)] == [(2, 3), (1, 3), (1, 3)]


def test_padding_sent_by_the_client_is_trimmed_before_the_model_call() -> None:
    model = FakeModel()
    padded = request([1, 2])
    padded = {name: np.pad(np.asarray(a), ((0, 0), (0, 4))) for name, a in padded.items()}
    results = runner.run_batch([padded, request([5])], LIMITS, model)
    assert model.calls == [(2, 2)]
    assert [sums(r) for r in results] == [[3], [5]]


def test_a_bad_request_fails_alone_and_stays_out_of_the_model_call() -> None:
    model = FakeModel()
    bad = request([1, 100])
    requests = [request([1]), bad, request([2, 3, 4])]
    results = runner.run_batch(requests, LIMITS, model)
    assert model.calls == [(2, 3)]
    assert sums(results[0]) == [1]
    assert results[1] == RequestError("input 'input_ids': token ids must lie in 0..99, got 1..100")
    assert sums(results[2]) == [9]


def test_no_model_call_when_every_request_is_bad() -> None:
    model = FakeModel()
    results = runner.run_batch([{}, request(list(range(1, 10)))], LIMITS, model)
    assert model.calls == []
    assert all(isinstance(r, RequestError) and not r.internal for r in results)


def raising_model(ids: Ids, mask: Ids) -> Array:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    "broken_model",
    [
        pytest.param(raising_model, id="raises"),
        pytest.param(lambda ids, mask: np.zeros((1, 3)), id="wrong-row-count"),
        pytest.param(lambda ids, mask: np.zeros((len(ids), 4)), id="wrong-dimensions"),
    ],
)
def test_a_model_failure_fails_the_valid_requests_as_internal_errors(broken_model: Any) -> None:
    results = runner.run_batch([request([1], [2]), request([3, 1000])], LIMITS, broken_model)
    assert isinstance(results[0], RequestError)
    assert results[0].internal
    assert results[0].message.startswith("inference failed: ")
    assert isinstance(results[1], RequestError)
    assert not results[1].internal


def test_limits_and_threads_come_from_the_config_parameters() -> None:
    config = {
        "name": "minilm",
        "parameters": {
            "vocab_size": {"string_value": "30522"},
            "max_sequence_length": {"string_value": "256"},
            "dimensions": {"string_value": "384"},
            "intra_op_threads": {"string_value": "2"},
        },
    }
    assert runner.limits_from_config(config) == Limits(30522, 256, 384)
    assert runner.intra_op_threads(config) == 2
    assert runner.intra_op_threads({"parameters": {}}) == 1
    with pytest.raises(ValueError, match="minilm: bad or missing parameter"):
        runner.limits_from_config({"name": "minilm", "parameters": {}})


class FakeTensor:
    """The slice of ``pb_utils.Tensor`` the runner uses."""

    def __init__(self, name: str, array: Array) -> None:
        self._name, self._array = name, array

    def name(self) -> str:
        return self._name

    def as_numpy(self) -> Array:
        return self._array


class FakeTritonError:
    """``pb_utils.TritonError`` with its status codes."""

    INVALID_ARG, INTERNAL = "INVALID_ARG", "INTERNAL"

    def __init__(self, message: str, code: str) -> None:
        self.message, self.code = message, code


class FakeSession:
    """onnxruntime's ``InferenceSession.run`` over a FakeModel."""

    def __init__(self) -> None:
        self.model = FakeModel()

    def run(self, outputs: list[str], feeds: dict[str, Ids]) -> list[Array]:
        assert outputs == ["embedding"]
        return [self.model(feeds["input_ids"], feeds["attention_mask"])]


def test_triton_model_answers_each_request_of_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    pb = SimpleNamespace(
        Tensor=FakeTensor,
        TritonError=FakeTritonError,
        InferenceResponse=lambda output_tensors, error=None: SimpleNamespace(
            tensors={t.name(): t.as_numpy() for t in output_tensors}, error=error
        ),
        get_input_tensor_by_name=lambda request, name: request.get(name),
    )
    monkeypatch.setitem(sys.modules, "triton_python_backend_utils", pb)
    model = runner.TritonPythonModel()
    session = FakeSession()
    model._pb, model._limits, model._session = pb, LIMITS, session
    requests = [
        {name: FakeTensor(name, np.asarray(a)) for name, a in r.items()}
        for r in (request([1, 2]), request([1, 100]), request([4, 5, 6], [7]))
    ]
    responses = model.execute(requests)
    assert [r.error is None for r in responses] == [True, False, True]
    assert responses[1].error.code == FakeTritonError.INVALID_ARG
    assert responses[0].tensors["embedding"][:, 0].tolist() == [3]
    assert responses[2].tensors["embedding"][:, 0].tolist() == [15, 7]
    assert session.model.calls == [(3, 3)]
