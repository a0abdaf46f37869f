import numpy as np
import pytest

from inferstack_bench.batching import BatchTiming, main, markdown, time_batches
from inferstack_bench.monolith import session
from inferstack_bench.workloads import INPUTS_PER_WORKLOAD, batch_tensors, load
from tests.conftest import MODEL_REPOSITORY


def test_a_batch_pads_ragged_inputs_with_zeros_and_cycles() -> None:
    singles = load("minilm").tensors
    batch = batch_tensors("minilm", INPUTS_PER_WORKLOAD + 2)
    width = max(t["input_ids"].shape[1] for t in singles)
    assert batch["input_ids"].shape == (INPUTS_PER_WORKLOAD + 2, width)
    for row in (0, 1, INPUTS_PER_WORKLOAD, INPUTS_PER_WORKLOAD + 1):
        for name, single in singles[row % INPUTS_PER_WORKLOAD].items():
            length = single.shape[1]
            assert batch[name][row, :length].tolist() == single[0].tolist()
            assert not batch[name][row, length:].any()


def test_a_digits_batch_holds_each_input_as_made_alone() -> None:
    singles = load("digits").tensors
    batch = batch_tensors("digits", 3)
    assert np.array_equal(batch["pixels"], np.concatenate([t["pixels"] for t in singles[:3]]))


def test_a_stacked_batch_gives_each_input_its_own_answer() -> None:
    """Padding must not change any result: row i of a batch equals input i run alone."""
    workload = load("minilm")
    model = session(MODEL_REPOSITORY / "minilm" / "1" / "model.onnx")
    batch = model.run(["embedding"], batch_tensors("minilm", 5))[0]
    for row, tensors in enumerate(workload.tensors[:5]):
        alone = model.run(["embedding"], tensors)[0]
        np.testing.assert_allclose(batch[row], alone[0], atol=1e-5)


def test_timings_run_the_real_model_once_per_size() -> None:
    path = MODEL_REPOSITORY / "digits" / load("digits").version / "model.onnx"
    timings = time_batches(path, "digits", [1, 8], duration_s=0.01)
    assert [t.size for t in timings] == [1, 8]
    assert all(t.ms_per_batch > 0 for t in timings)


def test_markdown_states_the_time_per_input_against_a_single_input() -> None:
    table = markdown("m", "1", [BatchTiming(1, 8.0), BatchTiming(4, 24.0)])
    assert "`m` version 1" in table
    assert "| 1 | 8.00 | 8.000 | 1.00x |" in table
    assert "| 4 | 24.00 | 6.000 | 0.75x |" in table


def test_the_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--model", "digits", "--sizes", "1,2", "--duration", "0.01"]) == 0
    out = capsys.readouterr().out
    assert "| 2 |" in out
    assert "digits" in out


def test_the_command_refuses_bad_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--sizes", "0"])
    assert exit_info.value.code == 2
    assert "positive" in capsys.readouterr().err
