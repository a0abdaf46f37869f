"""The side-by-side harness's arithmetic and its command line (its runs are benchmarks)."""

from __future__ import annotations

import argparse

import pytest

from inferstack_bench import ab, log_ab
from inferstack_bench.ab import Crossover, Round, _assignment, summary, swapped
from inferstack_bench.log_ab import VARIANTS, log_adds_crossed_ms, log_adds_ms


def test_a_round_compares_b_with_a() -> None:
    found = Round(a_cpu_ms=2.0, b_cpu_ms=1.5, a_rps=100.0, b_rps=120.0)
    assert found.ratio == 0.75
    assert found.difference_ms == -0.5


def test_the_summary_gives_medians_and_the_ratio_range() -> None:
    rounds = [Round(2.0, 1.0, 1, 1), Round(2.0, 1.5, 1, 1), Round(2.0, 3.0, 1, 1)]
    text = summary(rounds)
    assert "3 rounds: A 2.000 ms/request, B 1.500 ms/request" in text
    assert "B/A 0.750 (median; range 0.500 to 1.500)" in text


def test_variants_are_name_value_assignments() -> None:
    assert _assignment("GATEWAY_PREDICTION_LOG=false") == ("GATEWAY_PREDICTION_LOG", "false")
    assert _assignment("PYTHONPATH=a=b") == ("PYTHONPATH", "a=b")
    for bad in ("GATEWAY_X", "=1"):
        with pytest.raises(argparse.ArgumentTypeError):
            _assignment(bad)


def test_the_log_preset_turns_the_log_off_in_b_and_reports_what_a_adds() -> None:
    assert VARIANTS == {"A": {}, "B": {"GATEWAY_PREDICTION_LOG": "false"}}
    assert log_adds_ms([Round(2.0, 1.875, 1, 1)]) == [0.125]


def test_a_crossover_cancels_the_bias_of_one_gateway_process_over_the_other() -> None:
    # B costs 0.1 ms more than A; the second process reads 0.2 ms less than the first.
    given = [Round(2.0, 2.0 + 0.1 - 0.2, 1, 1), Round(2.2, 2.2 + 0.1 - 0.2, 1, 1)]
    # Exchanged: B ran in the first process, A in the second (rounds as measured, B first).
    measured = [Round(2.1, 2.0 - 0.2, 1, 1), Round(2.3, 2.2 - 0.2, 1, 1)]
    crossed = Crossover(given, [swapped(r) for r in measured])
    assert crossed.difference_ms == pytest.approx(0.1)
    assert crossed.process_bias_ms == pytest.approx(-0.2)
    assert swapped(Round(1.0, 2.0, 3, 4)) == Round(2.0, 1.0, 4, 3)


def test_the_log_preset_over_both_orders_reports_what_the_log_adds() -> None:
    log_on_first = [Round(2.0, 1.7, 1, 1)]  # log on (A) in the first process: 0.3 apart
    log_on_second = [Round(2.0, 1.9, 1, 1)]  # re-labelled: log on (A) in the second: 0.1 apart
    assert log_adds_crossed_ms(Crossover(log_on_first, log_on_second)) == pytest.approx(0.2)


@pytest.mark.parametrize("flag", ["--rounds", "--concurrency"])
@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_counts_below_one_are_refused_before_anything_starts(flag: str, value: str) -> None:
    for main in (ab.main, log_ab.main):
        with pytest.raises(SystemExit) as exit_:
            main([flag, value])
        assert exit_.value.code == 2
