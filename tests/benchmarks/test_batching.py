import numpy as np
import pytest

from inferstack_bench.batching import BatchTiming, main, markdown, stack, time_batches
from inferstack_bench.monolith import session
from inferstack_bench.workloads import load
from tests.conftest import MODEL_REPOSITORY


def test_stack_pads_ragged_inputs_with_zeros_and_cycles() -> None:
    short = {"ids": np.array([[5, 6]]), "mask": np.array([[1, 1]])}
    long = {"ids": np.array([[7, 8, 9]]), "mask": np.array([[1, 1, 1]])}
    batch = stack([short, long], 3)
    assert batch["ids"].tolist() == [[5, 6, 0], [7, 8, 9], [5, 6, 0]]
    assert batch["mask"].tolist() == [[1, 1, 0], [1, 1, 1], [1, 1, 0]]


def test_a_stacked_batch_gives_each_input_its_own_answer() -> None:
    """Padding must not change any result: row i of a batch equals input i run alone."""
    workload = load("minilm")
    model = session(MODEL_REPOSITORY / "minilm" / "1" / "model.onnx")
    batch = model.run(["embedding"], stack(workload.tensors, 5))[0]
    for row, tensors in enumerate(workload.tensors[:5]):
        alone = model.run(["embedding"], tensors)[0]
        np.testing.assert_allclose(batch[row], alone[0], atol=1e-5)


def test_timings_run_the_real_model_once_per_size() -> None:
    workload = load("digits")
    path = MODEL_REPOSITORY / "digits" / "2" / "model.onnx"
    timings = time_batches(path, workload.tensors, [1, 8], duration_s=0.01)
    assert [t.size for t in timings] == [1, 8]
    assert all(t.ms_per_batch > 0 for t in timings)


def test_markdown_states_the_time_per_input_against_a_single_input() -> None:
    table = markdown("m", [BatchTiming(1, 8.0), BatchTiming(4, 24.0)])
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
