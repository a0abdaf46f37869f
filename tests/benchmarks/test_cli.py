"""Bad command lines stop at once with argparse's message (exit 2), before any server starts."""

import pytest

from inferstack_bench import cli, profile


@pytest.mark.parametrize(
    "argv",
    [
        ["--concurrency", "0"],
        ["--concurrency", "1,x"],
        ["--models", "resnet"],
        ["--arms", ""],
        ["--warmup-s", "-1"],
        ["--window-s", "nan"],
    ],
)
def test_bad_bench_arguments_are_refused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(argv)
    assert stopped.value.code == 2
    assert "error:" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--duration", "1"], ["--concurrency", "0"], ["--arm", "direct"]])
def test_bad_profile_arguments_are_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        profile.main(argv)
    assert stopped.value.code == 2
