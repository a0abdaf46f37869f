"""Health and catalog reused for a few seconds, errors too."""

from __future__ import annotations

from inferstack_sdk import Gateway, GatewayConfig, GatewayError
from inferstack_ui.probes import Probes, TtlCache


def test_a_value_is_reused_until_it_expires() -> None:
    now = [0.0]
    cache = TtlCache(5.0, clock=lambda: now[0])
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", compute) == 1
    now[0] = 4.9
    assert cache.get("k", compute) == 1
    now[0] = 5.0
    assert cache.get("k", compute) == 2
    cache.forget()
    assert cache.get("k", compute) == 3


def test_errors_are_reused_too(closed_port_url: str) -> None:
    now = [0.0]
    with Gateway(GatewayConfig(closed_port_url)) as gateway:
        probes = Probes(gateway, 5.0, clock=lambda: now[0])
        first = probes.liveness()
        assert isinstance(first, GatewayError)
        assert probes.liveness() is first
        catalog = probes.catalog()
        assert isinstance(catalog, GatewayError)
        assert probes.catalog() is catalog
