"""Triton's per-version counters, read so that a test never races the server's own book-keeping.

Triton can send a request's answer before it adds that request to its statistics: a client that
has every answer may still read counters that miss the last batch. `settled_statistics` polls
until the rows the test sent are all counted, then reads once more.
"""

from __future__ import annotations

from dataclasses import dataclass

import tritonclient.grpc as grpcclient

from tests.polling import poll


@dataclass(frozen=True)
class Statistics:
    inferences: int  # rows served
    executions: int  # model executions (one per batch Triton formed)


def statistics(client: grpcclient.InferenceServerClient, model: str, version: str) -> Statistics:
    (stats,) = client.get_inference_statistics(model, version, as_json=True)["model_stats"]
    return Statistics(
        inferences=int(stats.get("inference_count", 0)),
        executions=int(stats.get("execution_count", 0)),
    )


def settled_statistics(
    client: grpcclient.InferenceServerClient,
    model: str,
    version: str,
    inferences: int,
    timeout_s: float = 10.0,
) -> Statistics:
    """The counters once at least `inferences` rows are counted, or the last read at the deadline.

    The caller asserts on the result, so a server that counts too few rows still fails the test.
    """
    return poll(
        lambda: statistics(client, model, version),
        lambda current: current.inferences >= inferences,
        timeout_s,
    )
