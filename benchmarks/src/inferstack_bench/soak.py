"""Soak: many closed-loop clients on the gateway at once, for a while, to see how it behaves
past its capacity: every answer by status, transport errors (a connection reset with no HTTP
answer), the latency of admitted requests, the share refused with 503, and `/healthz` under load.

Clients are well behaved: after a 503 they wait the `Retry-After` they were given, as HTTP asks
(RFC 9110, 10.2.3) and client libraries with retry support do.

`./dev bench --soak` (default 256 clients for 60 s, posting one digit image each) starts Triton
and one gateway worker pinned to the server CPUs, runs the clients and the health probe on the
others, and writes `soak.md` and `soak.json` into the report folder.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import aiohttp

from inferstack_bench import workloads
from inferstack_bench.stats import percentiles_ms

HEALTH_INTERVAL_S = 0.05
REQUEST_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class SoakTargets:
    """What the run must show on this machine (the overload issue's targets)."""

    transport_errors: int = 0
    unexpected_5xx: int = 0  # 500, 502, 504 (no deadline was set by these clients)
    refusals_without_retry_after: int = 0
    admitted_p99_ms: float = 2000.0
    health_p99_ms: float = 50.0


@dataclass
class SoakResult:
    concurrency: int
    duration_s: float
    statuses: dict[str, int] = field(default_factory=dict)
    transport_errors: dict[str, int] = field(default_factory=dict)
    refusals_without_retry_after: int = 0
    admitted: int = 0
    admitted_p50_ms: float | None = None
    admitted_p99_ms: float | None = None
    shed_rate: float = 0.0
    throughput: float = 0.0
    health_probes: int = 0
    health_p99_ms: float | None = None
    health_failures: int = 0

    @property
    def unexpected_5xx(self) -> int:
        return sum(self.statuses.get(str(code), 0) for code in (500, 502, 504))

    def checks(self, targets: SoakTargets) -> list[tuple[str, str, bool]]:
        """(what, measured, met) for each target."""
        return [
            (
                "transport errors",
                str(sum(self.transport_errors.values())),
                not self.transport_errors,
            ),
            ("500, 502 or 504 answers", str(self.unexpected_5xx), self.unexpected_5xx == 0),
            (
                "503 without Retry-After",
                str(self.refusals_without_retry_after),
                self.refusals_without_retry_after == 0,
            ),
            (
                f"admitted p99 <= {targets.admitted_p99_ms:g} ms",
                _ms(self.admitted_p99_ms),
                self.admitted_p99_ms is not None
                and self.admitted_p99_ms <= targets.admitted_p99_ms,
            ),
            (
                f"/healthz p99 <= {targets.health_p99_ms:g} ms",
                _ms(self.health_p99_ms),
                self.health_p99_ms is not None and self.health_p99_ms <= targets.health_p99_ms,
            ),
        ]


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} ms"


async def _clients(url: str, concurrency: int, duration_s: float) -> SoakResult:
    bodies = workloads.load("digits").task_bodies
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    admitted: list[float] = []
    health: list[float] = []
    health_failures = 0
    missing_retry_after = 0
    stop_at = time.perf_counter() + duration_s
    connector = aiohttp.TCPConnector(limit=0)  # one connection per client
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    headers = {"Content-Type": "application/json"}
    async with aiohttp.ClientSession(url, connector=connector, timeout=timeout) as session:

        async def client(index: int) -> None:
            nonlocal missing_retry_after
            while time.perf_counter() < stop_at:
                body = bodies[index % len(bodies)]
                index += concurrency
                start = time.perf_counter()
                try:
                    async with session.post(
                        "/v1/image-classification", data=body, headers=headers
                    ) as response:
                        await response.read()
                        status = response.status
                        retry_after = response.headers.get("Retry-After")
                except (TimeoutError, aiohttp.ClientError) as exc:
                    errors[type(exc).__name__] += 1
                    continue
                statuses[str(status)] += 1
                if status != 503:
                    admitted.append(time.perf_counter() - start)
                elif retry_after is None or not retry_after.isdigit():
                    missing_retry_after += 1
                else:  # a well-behaved client waits as it is told before it tries again
                    await asyncio.sleep(min(float(retry_after), stop_at - time.perf_counter()))

        async def probe() -> None:
            nonlocal health_failures
            async with aiohttp.ClientSession(url, timeout=timeout) as own:
                while time.perf_counter() < stop_at:
                    start = time.perf_counter()
                    try:
                        async with own.get("/healthz") as response:
                            await response.read()
                            if response.status != 200:
                                health_failures += 1
                    except (TimeoutError, aiohttp.ClientError):
                        health_failures += 1
                    health.append(time.perf_counter() - start)
                    await asyncio.sleep(HEALTH_INTERVAL_S)

        began = time.perf_counter()
        await asyncio.gather(probe(), *(client(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - began
    answered = sum(statuses.values())
    admitted_p50, admitted_p99 = percentiles_ms(admitted, (50, 99)) if admitted else (None, None)
    health_p99 = percentiles_ms(health, (99,))[0] if health else None
    return SoakResult(
        concurrency=concurrency,
        duration_s=round(elapsed, 1),
        statuses=dict(sorted(statuses.items())),
        transport_errors=dict(errors),
        refusals_without_retry_after=missing_retry_after,
        admitted=len(admitted),
        admitted_p50_ms=admitted_p50,
        admitted_p99_ms=admitted_p99,
        shed_rate=round(statuses.get("503", 0) / answered, 4) if answered else 0.0,
        throughput=round(len(admitted) / elapsed, 1),
        health_probes=len(health),
        health_p99_ms=health_p99,
        health_failures=health_failures,
    )


def run(url: str, *, concurrency: int, duration_s: float, cpus: frozenset[int]) -> SoakResult:
    """Drive the gateway at `url` from this process, kept to `cpus` (the client CPUs)."""
    os.sched_setaffinity(0, cpus)
    return asyncio.run(_clients(url, concurrency, duration_s))


def write(result: SoakResult, info: dict[str, str], out: Path) -> list[Path]:
    """`soak.json` and `soak.md` in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    targets = SoakTargets()
    data = {"machine": info, "result": asdict(result), "targets": asdict(targets)}
    json_path = out / "soak.json"
    json_path.write_text(json.dumps(data, indent=2) + "\n")
    lines = [
        "# Soak: the gateway past its capacity",
        "",
        f"{result.concurrency} closed-loop clients for {result.duration_s:g} s, each posting one "
        "digit image to `/v1/image-classification` and waiting a refusal's `Retry-After` before "
        "the next; one gateway worker and Triton on the server CPUs, clients and the `/healthz` "
        "probe on the others. Made by `./dev bench --soak`.",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        "| answers by status | count |",
        "|---|---:|",
        *(f"| {status} | {count} |" for status, count in result.statuses.items()),
        "",
        f"- transport errors: {sum(result.transport_errors.values())} "
        f"{result.transport_errors or ''}".rstrip(),
        f"- admitted (answered, not refused): {result.admitted}, {result.throughput} req/s; "
        f"p50 {_ms(result.admitted_p50_ms)}, p99 {_ms(result.admitted_p99_ms)}",
        f"- shed rate (503 of all answers): {result.shed_rate:.1%}",
        f"- `/healthz`: {result.health_probes} probes, p99 {_ms(result.health_p99_ms)}, "
        f"{result.health_failures} failed",
        "",
        "| target | measured | met |",
        "|---|---:|---|",
        *(
            f"| {what} | {measured} | {'yes' if met else '**no**'} |"
            for what, measured, met in result.checks(targets)
        ),
        "",
    ]
    md_path = out / "soak.md"
    md_path.write_text("\n".join(lines))
    return [md_path, json_path]
