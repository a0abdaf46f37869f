import math

import pytest

from inferstack_bench.stats import Window, is_stable, percentiles_ms


def window(completed: int, seconds: float = 1.0) -> Window:
    return Window(start=0.0, end=seconds, completed=completed, errors=0, cpu_s={})


def test_windows_within_the_tolerance_of_their_mean_are_stable() -> None:
    assert is_stable([window(50), window(100), window(104), window(96)], 3, 0.05)


def test_one_window_off_by_more_than_the_tolerance_is_not_stable() -> None:
    assert not is_stable([window(100), window(100), window(130)], 3, 0.10)


def test_too_few_windows_are_not_stable() -> None:
    assert not is_stable([window(100), window(100)], 3, 0.5)


def test_windows_with_no_answers_are_not_stable() -> None:
    assert not is_stable([window(0), window(0), window(0)], 3, 0.5)


def test_throughput_is_answers_per_second() -> None:
    assert window(30, seconds=2.0).throughput == pytest.approx(15.0)


def test_percentiles_are_in_milliseconds() -> None:
    p50, p99 = percentiles_ms([0.001 * i for i in range(1, 101)], (50, 99))
    assert p50 == pytest.approx(50.5)
    assert p99 == pytest.approx(99.01)


def test_percentiles_of_nothing_are_nan() -> None:
    assert all(math.isnan(v) for v in percentiles_ms([], (50, 99)))
