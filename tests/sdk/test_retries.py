"""retries: which errors are tried again, how long between tries, and when to give up."""

from __future__ import annotations

import threading
import time

import pytest

from inferstack_sdk import Classified, Gateway, GatewayConfig, GatewayError, RetryPolicy
from inferstack_sdk.retries import is_transient
from inferstack_tools.launcher.gateway import GatewayServer
from tests.sdk.conftest import CORRUPT, digits

UNAVAILABLE = GatewayError("http", "busy", status=503, title="Unavailable", detail="restarting")


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (UNAVAILABLE, True),
        (GatewayError("http", "m", status=429), True),
        (GatewayError("http", "m", status=502), True),
        (GatewayError("http", "m", status=504), True),
        (GatewayError("unreachable", "m"), True),
        (GatewayError("timeout", "m"), True),
        (GatewayError("unexpected", "m"), True),
        (GatewayError("http", "m", status=422), False),
        (GatewayError("http", "m", status=500), False),
        (GatewayError("unauthorized", "m", status=401), False),
    ],
)
def test_what_is_transient(error: GatewayError, transient: bool) -> None:
    assert is_transient(error) is transient


def test_delays_double_jittered_capped_and_respect_retry_after() -> None:
    policy = RetryPolicy(retries=5, backoff_s=1.0, max_backoff_s=5.0)
    for attempt, full in enumerate([1.0, 2.0, 4.0, 5.0, 5.0]):
        delays = [policy.delay(attempt) for _ in range(50)]
        assert all(full / 2 <= d <= full for d in delays)
    assert policy.delay(0, retry_after_s=3.0) == 3.0
    assert policy.delay(0, retry_after_s=60.0) == 5.0, "Retry-After capped too"


def test_an_unreachable_gateway_is_tried_again_then_given_up(closed_port_url: str) -> None:
    calls: list[float] = []
    with Gateway(GatewayConfig(closed_port_url)) as gateway:

        def send() -> Classified | GatewayError:
            calls.append(time.monotonic())
            return gateway.classify(digits(1), model="digits")

        outcome = RetryPolicy(retries=2, backoff_s=0.05).call(send)
    assert isinstance(outcome, GatewayError)
    assert len(calls) == 3
    assert calls[1] - calls[0] >= 0.025, "backoff 0.05 s, jittered down to half at most"
    assert calls[2] - calls[1] >= 0.05, "then doubled"
    assert outcome.attempts == 3
    assert outcome.line().endswith("(gave up after 3 attempts)")


def test_a_transient_failure_then_the_real_answer(gateway_server: GatewayServer) -> None:
    outcomes: list[Classified | GatewayError] = []
    with Gateway(GatewayConfig(gateway_server.url)) as gateway:

        def send() -> Classified | GatewayError:
            outcome = UNAVAILABLE if not outcomes else gateway.classify(digits(1), model="digits")
            outcomes.append(outcome)
            return outcome

        outcome = RetryPolicy(retries=3, backoff_s=0).call(send)
    assert len(outcomes) == 2
    assert isinstance(outcome, Classified)


def test_a_refusal_is_not_tried_again(gateway_server: GatewayServer) -> None:
    calls: list[int] = []
    with Gateway(GatewayConfig(gateway_server.url)) as gateway:

        def send() -> Classified | GatewayError:
            calls.append(1)
            return gateway.classify([CORRUPT], model="digits")

        outcome = RetryPolicy(retries=3, backoff_s=0).call(send)
    assert isinstance(outcome, GatewayError)
    assert outcome.status == 422
    assert outcome.attempts is None
    assert len(calls) == 1


def test_no_retries_still_says_it_gave_up() -> None:
    outcome = RetryPolicy(retries=0).call(lambda: UNAVAILABLE)
    assert isinstance(outcome, GatewayError)
    assert outcome.line() == "HTTP 503 (Unavailable): restarting (gave up after 1 attempts)"


def test_cancelling_ends_the_wait_at_once() -> None:
    cancelled = threading.Event()
    calls: list[int] = []

    def send() -> GatewayError:
        calls.append(1)
        cancelled.set()  # e.g. Ctrl-C while the first try fails
        return UNAVAILABLE

    start = time.monotonic()
    outcome = RetryPolicy(retries=3, backoff_s=30).call(send, cancelled=cancelled)
    assert time.monotonic() - start < 1
    assert len(calls) == 1
    assert isinstance(outcome, GatewayError)
    assert outcome.attempts == 1
