"""Blocking work on a bounded pool of threads, each result handed back in the caller's thread."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")


def in_threads(work: Callable[[J], R], jobs: Iterable[J], *, workers: int) -> Iterator[R]:
    """`work(job)` for every job, on `workers` threads; each result as soon as it is ready.

    At most `workers` jobs run at once, and at most as many more are taken from `jobs` ahead of
    them, so `jobs` may be a long lazy iterable. Results come in the order they finish, in the
    thread that iterates, so the caller may write them out without a lock. An exception raised
    by `work` is raised here. When the caller stops early (break, an exception, Ctrl-C), jobs not
    yet started are dropped; running ones finish in the background.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    pending_jobs = iter(jobs)
    running: set[Future[R]] = set()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="inferstack-sdk")
    try:
        while True:
            for job in pending_jobs:
                running.add(pool.submit(work, job))
                if len(running) >= 2 * workers:
                    break
            if not running:
                return
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
