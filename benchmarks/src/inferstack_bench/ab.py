"""`./dev bench-ab`: two gateway variants' CPU per request, both loaded AT ONCE, round after round.

    ./dev bench-ab --model digits --payload v2 --concurrency 8 --b GATEWAY_SERVER=granian

The benchmark's arms run one after another; on a machine shared with other work, their CPU per
request moves by 5 to 15% between two cells, which hides most single changes. Here two gateways
(variant A and variant B, each the same gateway with its own GATEWAY_* settings, or another
source tree by PYTHONPATH; one Triton behind both, all on the servers' CPUs) get the same
closed-loop load from two load generators started together, so whatever else runs on the machine
weighs on both alike. Each round reports both and B's ratio to A; the summary is the median over
the rounds. `./dev bench-log-ab` is this with the prediction log on (A) and off (B).

Two processes of the same gateway are not quite equal: an A/A run (both the same) on `minilm`
read one 8% cheaper than the other in every round of a pair (on `digits`, 1.6%), by an amount
that changed from one pair of processes to the next. So every round starts a new pair.
`--crossover` alternates the rounds between the two orders (A in the first process, then in the
second), and reports B - A as the mean of the two orders' medians, which cancels what the
second place itself adds (and prints its size).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from inferstack_bench.cli import number
from inferstack_bench.runner import ARMS, Arm, Timing, _cell, load_spec, start_loadgen
from inferstack_bench.servers import ServerSet, bench_gateway, plan_cpus
from inferstack_bench.workloads import MODELS, ModelName
from inferstack_tools.launcher.gateway import GatewayServer
from inferstack_tools.launcher.process import free_ports

PAYLOADS = {"task": "gateway", "v2": "v2"}  # the arm whose payload each load sends


@dataclass(frozen=True)
class Round:
    """One round's figures: CPU per request (ms) and throughput (requests/s) of A and of B."""

    a_cpu_ms: float
    b_cpu_ms: float
    a_rps: float
    b_rps: float

    @property
    def ratio(self) -> float:
        return self.b_cpu_ms / self.a_cpu_ms

    @property
    def difference_ms(self) -> float:
        return self.b_cpu_ms - self.a_cpu_ms


def run(
    model: ModelName,
    payload: str,
    concurrency: int,
    rounds: int,
    variants: Mapping[str, Mapping[str, str]],
    repository: Path,
) -> list[Round]:
    """`rounds` rounds of A and B (`variants`, their extra environment) loaded together, each
    round with gateway processes of its own."""
    with _triton(repository) as (servers, work):
        return [
            _fresh_round(
                model, payload, concurrency, variants, servers, work, number, number % 2 == 0
            )
            for number in range(rounds)
        ]


@contextmanager
def _triton(repository: Path) -> Iterator[tuple[ServerSet, Path]]:
    """One Triton (on the servers' CPUs) for every round, and a work folder."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with ServerSet(repository, work, plan_cpus().servers, {"triton"}) as servers:
            yield servers, work


def _fresh_round(
    model: ModelName,
    payload: str,
    concurrency: int,
    variants: Mapping[str, Mapping[str, str]],
    servers: ServerSet,
    work: Path,
    number: int,
    a_first: bool,
) -> Round:
    """One round on two gateway processes started for it (A in the first, B in the second);
    `a_first`: A's load generator starts first.

    Two processes of the same gateway do not cost the same: an A/A run on `minilm` read one
    8% cheaper than the other in every round of a pair, and by how much, and which of the two,
    changed from pair to pair (by as much as 0.25 ms, as large as what is measured). It belongs
    to the process, not to its place, so every round starts a new pair, and the rounds' median
    averages it out."""
    arm = next(a for a in ARMS if a.key == PAYLOADS[payload])
    timing = Timing(warmup_s=2.0, max_windows=6)
    cpus = plan_cpus().servers
    gateways = {
        name: bench_gateway(f"r{number}-{name}", port, work, servers.triton.grpc_url, cpus, extra)
        for (name, extra), port in zip(variants.items(), free_ports(2), strict=True)
    }
    try:
        for server in gateways.values():
            server.start()
        found = _round(model, arm, concurrency, timing, gateways, work, number, a_first)
    finally:
        for server in gateways.values():
            server.stop()
    print(
        f"round {number + 1}: A {found.a_cpu_ms:.3f} ms/request ({found.a_rps:.0f} req/s), "
        f"B {found.b_cpu_ms:.3f} ms/request ({found.b_rps:.0f} req/s): B/A {found.ratio:.3f}, "
        f"B-A {found.difference_ms:+.3f} ms",
        flush=True,
    )
    return found


def _round(
    model: ModelName,
    arm: Arm,
    concurrency: int,
    timing: Timing,
    gateways: Mapping[str, GatewayServer],
    work: Path,
    number: int,
    a_first: bool,
) -> Round:
    cpus = plan_cpus()
    processes = {}
    names = list(gateways)
    # The caller alternates which load generator starts first, so neither gateway is favoured.
    for name in names if a_first else names[::-1]:
        server = gateways[name]
        assert server.pid is not None
        spec = load_spec(model, arm, concurrency, timing, server.url, {arm.entry: server.pid})
        stem = work / f"round{number}-{name}"
        stem.with_suffix(".probe.json").write_text("[]")
        processes[name] = (start_loadgen(spec, stem, cpus.clients), stem)
    figures: dict[str, tuple[float, float]] = {}
    for name, (process, stem) in processes.items():
        if process.wait() != 0:
            raise RuntimeError(f"the load generator of variant {name} failed")
        cell = _cell(
            model,
            arm,
            concurrency,
            stem.with_suffix(".result.json"),
            stem.with_suffix(".probe.json"),
        )
        figures[name] = (cell.cpu_ms_per_request[arm.entry], cell.throughput)
    (a_cpu, a_rps), (b_cpu, b_rps) = figures["A"], figures["B"]
    return Round(a_cpu, b_cpu, a_rps, b_rps)


def swapped(found: Round) -> Round:
    """`found` with A and B exchanged."""
    return Round(found.b_cpu_ms, found.a_cpu_ms, found.b_rps, found.a_rps)


@dataclass(frozen=True)
class Crossover:
    """Rounds in both orders: `given` with A in the first gateway process and B in the second,
    `exchanged` with B in the first and A in the second (its rounds re-labelled, so A is the same
    variant in both). With `d1`, `d2` the two orders' median B - A, and `s` what the second process
    reads more than the first: d1 = effect + s, d2 = effect - s."""

    given: list[Round]
    exchanged: list[Round]

    @property
    def difference_ms(self) -> float:
        """B - A, the process bias cancelled: the mean of the two orders' medians."""
        return (self._median(self.given) + self._median(self.exchanged)) / 2

    @property
    def process_bias_ms(self) -> float:
        """How much more the second gateway process read than the first (negative: less)."""
        return (self._median(self.given) - self._median(self.exchanged)) / 2

    @staticmethod
    def _median(rounds: list[Round]) -> float:
        return statistics.median(r.difference_ms for r in rounds)


def run_crossed(
    model: ModelName,
    payload: str,
    concurrency: int,
    rounds: int,
    variants: Mapping[str, Mapping[str, str]],
    repository: Path,
) -> Crossover:
    """`rounds` rounds with A in the first gateway process and B in the second, and `rounds`
    with them exchanged, alternately, each on a new pair of processes (`_fresh_round`)."""
    orders = (variants, {"A": variants["B"], "B": variants["A"]})
    found: tuple[list[Round], list[Round]] = ([], [])
    with _triton(repository) as (servers, work):
        for number in range(2 * rounds):
            exchange = number % 2  # 1: B in the first process
            if exchange:
                print("  (A and B exchanged between the two processes)", flush=True)
            # The same variant's load generator starts first in both rounds of a pair.
            a_first = (number // 2 + exchange) % 2 == 0
            one = _fresh_round(
                model, payload, concurrency, orders[exchange], servers, work, number, a_first
            )
            found[exchange].append(swapped(one) if exchange else one)
    return Crossover(*found)


def summary(rounds: list[Round]) -> str:
    """The medians over `rounds`, and the range of B's ratio to A."""
    ratios = [r.ratio for r in rounds]
    return (
        f"{len(rounds)} rounds: A {statistics.median(r.a_cpu_ms for r in rounds):.3f} ms/request, "
        f"B {statistics.median(r.b_cpu_ms for r in rounds):.3f} ms/request; B-A "
        f"{statistics.median(r.difference_ms for r in rounds):+.3f} ms, B/A "
        f"{statistics.median(ratios):.3f} (median; range {min(ratios):.3f} to {max(ratios):.3f})"
    )


def _assignment(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench-ab",
        description=(__doc__ or "").split("\n\n")[0],
    )
    parser.add_argument("--model", choices=MODELS, default="digits")
    parser.add_argument("--payload", choices=sorted(PAYLOADS), default="task")
    parser.add_argument("--concurrency", type=number(1, integer=True), default=8)
    parser.add_argument("--rounds", type=number(1, integer=True), default=4)
    parser.add_argument("--a", type=_assignment, action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--b", type=_assignment, action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument(
        "--crossover",
        action="store_true",
        help="run the rounds again with A and B exchanged between the two gateway processes",
    )
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    args = parser.parse_args(argv)
    variants = {"A": dict(args.a), "B": dict(args.b)}
    print(f"A: {variants['A'] or 'defaults'}; B: {variants['B'] or 'defaults'}", flush=True)
    what = f"{args.model} ({args.payload}), c={args.concurrency} per gateway"
    if not args.crossover:
        rounds = run(
            args.model, args.payload, args.concurrency, args.rounds, variants, args.repository
        )
        print(f"{what}, {summary(rounds)}")
        return 0
    crossed = run_crossed(
        args.model, args.payload, args.concurrency, args.rounds, variants, args.repository
    )
    print(f"{what}, as given: {summary(crossed.given)}")
    print(f"{what}, exchanged: {summary(crossed.exchanged)}")
    print(crossover_line(crossed))
    return 0


def crossover_line(crossed: Crossover) -> str:
    """The bias-cancelled difference, and the bias of the second process."""
    return (
        f"B - A over both orders: {crossed.difference_ms:+.3f} ms (the second gateway process "
        f"read {crossed.process_bias_ms:+.3f} ms against the first)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
