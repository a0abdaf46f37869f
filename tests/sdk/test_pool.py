"""pool: blocking work on a bounded number of threads, results back in the caller's thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from inferstack_sdk import in_threads


def test_every_job_once_at_most_workers_at_a_time_results_in_the_callers_thread() -> None:
    lock = threading.Lock()
    running, peak = 0, 0
    threads: set[str] = set()

    def work(job: int) -> tuple[int, str]:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return job * 2, threading.current_thread().name

    caller = threading.current_thread()
    results = []
    for value, name in in_threads(work, range(40), workers=4):
        assert threading.current_thread() is caller
        threads.add(name)
        results.append(value)
    assert sorted(results) == [2 * i for i in range(40)]
    assert 1 < peak <= 4
    assert len(threads) <= 4


def test_jobs_are_taken_lazily() -> None:
    taken: list[int] = []

    def jobs() -> Iterator[int]:
        for i in range(1000):
            taken.append(i)
            yield i

    for _ in in_threads(lambda job: job, jobs(), workers=2):
        break
    assert len(taken) <= 5, "a long iterable is not read ahead of the workers"


def test_an_exception_in_work_is_raised_to_the_caller() -> None:
    def work(job: int) -> int:
        if job == 3:
            raise RuntimeError("job 3 broke")
        return job

    with pytest.raises(RuntimeError, match="job 3 broke"):
        list(in_threads(work, range(10), workers=2))


def test_stopping_early_drops_the_jobs_not_started() -> None:
    started: list[int] = []

    def work(job: int) -> int:
        started.append(job)
        time.sleep(0.02)
        return job

    for _ in in_threads(work, range(100), workers=2):
        break
    time.sleep(0.1)
    assert len(started) <= 4


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(in_threads(lambda job: job, [1], workers=0))
