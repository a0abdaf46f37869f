"""The Triton ONNX runner's batching: validate per request, ONE model call, split back in order."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace

import numpy as np
import numpy.typing as npt
import pytest

from model_repository.digits import onnx_batch_model as runner
from model_repository.digits.onnx_batch_model import Array, RequestError, TensorSpec
from tests.conftest import MODEL_REPOSITORY

DIGITS = MODEL_REPOSITORY / "digits"
TO_NUMPY = {"TYPE_FP32": np.float32, "TYPE_INT64": np.int64}
PIXELS = TensorSpec("pixels", np.dtype(np.float32), (8, 8))
PROBABILITIES = TensorSpec("probabilities", np.dtype(np.float32), (10,))


def pixels(rows: int, start: float = 0.0) -> npt.NDArray[np.float32]:
    """``rows`` distinct 8x8 images whose first pixel is ``start``, ``start + 1``, ..."""
    images = np.zeros((rows, 8, 8), dtype=np.float32)
    images[:, 0, 0] = start + np.arange(rows)
    return images


class FakeModel:
    """Stands in for onnxruntime: row i of the output repeats the first pixel of input row i."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, feeds: dict[str, Array]) -> list[Array]:
        batch = feeds["pixels"]
        self.calls.append(len(batch))
        return [np.repeat(batch[:, :1, 0].astype(np.float64), 10, axis=1)]


def first_pixels(result: dict[str, Array] | RequestError) -> list[float]:
    """The first pixel of each input row, as FakeModel echoes it."""
    assert isinstance(result, dict)
    return [float(v) for v in result["probabilities"][:, 0]]


def test_tensor_specs_read_names_dtypes_and_dims_from_the_config() -> None:
    entries = [{"name": "pixels", "data_type": "TYPE_FP32", "dims": ["8", "8"]}]
    assert runner.tensor_specs(entries, TO_NUMPY.__getitem__) == [PIXELS]


@pytest.mark.parametrize(
    ("array", "problem"),
    [
        (np.zeros((2, 8, 8), np.float64), "expected dtype float32, got float64"),
        (np.zeros((2, 64), np.float32), "expected shape [N, 8, 8], got [2, 64]"),
        (np.zeros((8, 8), np.float32), "expected shape [N, 8, 8], got [8, 8]"),
        (np.full((1, 8, 8), np.nan, np.float32), "contains NaN or infinity"),
        (np.full((1, 8, 8), np.inf, np.float32), "contains NaN or infinity"),
    ],
)
def test_check_input_rejects(array: Array, problem: str) -> None:
    assert runner.check_input(array, PIXELS) == f"input 'pixels': {problem}"


def test_check_input_accepts_any_size_where_dims_say_minus_one() -> None:
    spec = TensorSpec("x", np.dtype(np.float32), (-1, 3))
    assert runner.check_input(np.zeros((2, 5, 3), np.float32), spec) is None
    assert runner.check_input(np.zeros((0, 1, 3), np.float32), spec) is None
    assert runner.check_input(np.zeros((2, 5, 4), np.float32), spec) is not None


def test_free_config_dims_take_the_model_files_sizes() -> None:
    free = TensorSpec("pixels", np.dtype(np.float32), (-1, -1))
    assert runner.refine_specs([free], {"pixels": ["N", 28, 28]}) == [
        TensorSpec("pixels", np.dtype(np.float32), (28, 28))
    ]
    # a size the file leaves free stays free; a fixed config size is kept; unknown inputs pass
    assert runner.refine_specs([free], {"pixels": ["N", "H", 28]})[0].dims == (-1, 28)
    assert runner.refine_specs([PIXELS], {"pixels": ["N", 28, 28]}) == [PIXELS]
    assert runner.refine_specs([free], {"other": ["N", 8, 8]}) == [free]


def test_warmup_feeds_are_one_zero_row_of_each_input() -> None:
    spec = TensorSpec("x", np.dtype(np.int64), (-1, 3))
    feeds = runner.warmup_feeds([PIXELS, spec])
    assert feeds["pixels"].shape == (1, 8, 8)
    assert feeds["pixels"].dtype == np.float32
    assert feeds["x"].shape == (1, 1, 3)
    assert feeds["x"].dtype == np.int64
    assert not feeds["pixels"].any()


def test_check_request_needs_every_input_with_one_batch_size() -> None:
    mask = TensorSpec("mask", np.dtype(np.float32), (8, 8))
    assert runner.check_request({"pixels": pixels(1)}, [PIXELS, mask]) == RequestError(
        "input 'mask' is missing"
    )
    mismatched = {"pixels": pixels(1), "mask": pixels(2)}
    assert runner.check_request(mismatched, [PIXELS, mask]) == RequestError(
        "inputs differ in batch size"
    )


def test_split_rows_cuts_consecutive_pieces_including_empty_ones() -> None:
    pieces = runner.split_rows(np.arange(5), [2, 0, 3])
    assert [p.tolist() for p in pieces] == [[0, 1], [], [2, 3, 4]]
    with pytest.raises(ValueError, match="output has 5 rows, the requests 4"):
        runner.split_rows(np.arange(5), [2, 2])


def test_one_model_call_answers_every_request_in_order() -> None:
    model = FakeModel()
    requests = [{"pixels": pixels(2, 0)}, {"pixels": pixels(1, 10)}, {"pixels": pixels(3, 20)}]
    results = runner.run_batch(requests, [PIXELS], [PROBABILITIES], model)
    assert model.calls == [6]
    assert [first_pixels(r) for r in results] == [[0, 1], [10], [20, 21, 22]]
    assert all(isinstance(r, dict) and r["probabilities"].dtype == np.float32 for r in results)


def test_a_bad_request_fails_alone_and_stays_out_of_the_model_call() -> None:
    model = FakeModel()
    bad = {"pixels": pixels(4).reshape(4, 64)}
    requests = [{"pixels": pixels(1, 0)}, bad, {"pixels": pixels(2, 5)}]
    results = runner.run_batch(requests, [PIXELS], [PROBABILITIES], model)
    assert model.calls == [3]
    assert first_pixels(results[0]) == [0]
    assert results[1] == RequestError("input 'pixels': expected shape [N, 8, 8], got [4, 64]")
    assert first_pixels(results[2]) == [5, 6]


def test_no_model_call_when_every_request_is_bad() -> None:
    model = FakeModel()
    requests: list[dict[str, Array]] = [{}, {"pixels": pixels(1)[:, :4]}]
    results = runner.run_batch(requests, [PIXELS], [PROBABILITIES], model)
    assert model.calls == []
    assert all(isinstance(r, RequestError) and not r.internal for r in results)


def raising_model(feeds: dict[str, Array]) -> list[Array]:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    "broken_model",
    [
        pytest.param(raising_model, id="raises"),
        pytest.param(lambda feeds: [np.zeros((1, 10))], id="wrong-row-count"),
        pytest.param(lambda feeds: [], id="missing-output"),
    ],
)
def test_a_model_failure_fails_the_valid_requests_as_internal_errors(
    broken_model: Callable[[dict[str, Array]], Sequence[Array]],
) -> None:
    requests: list[dict[str, Array]] = [
        {"pixels": pixels(2)},
        {"pixels": pixels(1).astype(np.float64)},
    ]
    results = runner.run_batch(requests, [PIXELS], [PROBABILITIES], broken_model)
    assert isinstance(results[0], RequestError)
    assert results[0].internal
    assert results[0].message.startswith("inference failed: ")
    assert results[1] == RequestError("input 'pixels': expected dtype float32, got float64")


@pytest.mark.parametrize("version", ["1", "2"])
def test_batched_onnx_results_match_request_by_request_results(version: str) -> None:
    import onnxruntime as ort

    session = ort.InferenceSession(
        str(DIGITS / version / "model.onnx"), providers=["CPUExecutionProvider"]
    )

    def infer(feeds: dict[str, Array]) -> Sequence[Array]:
        result: Sequence[Array] = session.run(["probabilities"], feeds)
        return result

    rng = np.random.default_rng(0)
    requests = [{"pixels": rng.integers(0, 17, (n, 8, 8)).astype(np.float32)} for n in (3, 1, 5)]
    batched = runner.run_batch(requests, [PIXELS], [PROBABILITIES], infer)
    for request, result in zip(requests, batched, strict=True):
        (alone,) = runner.run_batch([request], [PIXELS], [PROBABILITIES], infer)
        assert isinstance(result, dict)
        assert isinstance(alone, dict)
        np.testing.assert_allclose(result["probabilities"], alone["probabilities"], atol=1e-6)


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


def fake_pb_utils() -> SimpleNamespace:
    """Just enough of ``triton_python_backend_utils`` to drive TritonPythonModel."""
    return SimpleNamespace(
        Tensor=FakeTensor,
        TritonError=FakeTritonError,
        InferenceResponse=lambda output_tensors, error=None: SimpleNamespace(
            tensors={t.name(): t.as_numpy() for t in output_tensors}, error=error
        ),
        get_input_tensor_by_name=lambda request, name: request.get(name),
        triton_string_to_numpy=TO_NUMPY.__getitem__,
    )


CONFIG = {
    "name": "digits",
    "max_batch_size": 64,
    "input": [{"name": "pixels", "data_type": "TYPE_FP32", "dims": [-1, -1]}],
    "output": [{"name": "probabilities", "data_type": "TYPE_FP32", "dims": [10]}],
}


def initialized(version: str) -> runner.TritonPythonModel:
    model = runner.TritonPythonModel()
    model.initialize(
        {
            "model_config": json.dumps(CONFIG),
            "model_repository": str(DIGITS),
            "model_version": version,
        }
    )
    return model


def test_triton_model_answers_each_request_of_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "triton_python_backend_utils", fake_pb_utils())
    config = CONFIG
    model = runner.TritonPythonModel()
    model.initialize(
        {
            "model_config": json.dumps(config),
            "model_repository": str(DIGITS),
            "model_version": "2",
        }
    )
    good, nan = pixels(2), pixels(1)
    nan[0, 3, 3] = np.nan
    requests = [{"pixels": FakeTensor("pixels", a)} for a in (good, nan, pixels(3))]
    responses = model.execute(requests)
    assert [r.error is None for r in responses] == [True, False, True]
    assert responses[1].error.code == FakeTritonError.INVALID_ARG
    assert [r.tensors["probabilities"].shape for r in (responses[0], responses[2])] == [
        (2, 10),
        (3, 10),
    ]


def test_triton_model_refuses_an_unbatched_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "triton_python_backend_utils", fake_pb_utils())
    config = {"name": "digits", "max_batch_size": 0, "input": [], "output": []}
    with pytest.raises(ValueError, match="max_batch_size >= 1"):
        runner.TritonPythonModel().initialize(
            {"model_config": json.dumps(config), "model_repository": "", "model_version": "1"}
        )


@pytest.mark.parametrize(("version", "side"), [("1", 8), ("2", 8), ("3", 28)])
def test_each_version_checks_requests_against_its_own_size(
    monkeypatch: pytest.MonkeyPatch, version: str, side: int
) -> None:
    monkeypatch.setitem(sys.modules, "triton_python_backend_utils", fake_pb_utils())
    model = initialized(version)  # also runs the model once on zeros of its size
    wrong = 36 - side  # 28 for the 8x8 versions, 8 for the 28x28 one
    requests = [
        {"pixels": FakeTensor("pixels", np.zeros((2, side, side), np.float32))},
        {"pixels": FakeTensor("pixels", np.zeros((1, wrong, wrong), np.float32))},
    ]
    ok, refused = model.execute(requests)
    assert ok.error is None
    assert ok.tensors["probabilities"].shape == (2, 10)
    assert refused.error.code == FakeTritonError.INVALID_ARG
    assert f"expected shape [N, {side}, {side}]" in refused.error.message
