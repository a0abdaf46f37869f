"""`./dev bench-log-ab`: the gateway's CPU per request with the prediction log on and off, both
gateways loaded AT ONCE, round after round.

The benchmark's arms run one after another; on a machine shared with other work, their CPU per
request moves by more than the log costs between two cells. Here the two gateways (log on, the
default; log off, `GATEWAY_PREDICTION_LOG=false`; one Triton behind both, all on the servers'
CPUs) get the same closed-loop load from two load generators started together (`ab.py`, with
the log on as A and off as B), so whatever else runs on the machine weighs on both alike. Each
round runs on a new pair of gateway processes, the log on in the first process and in the second
alternately, and the figure is the mean of the two orders' medians (`ab.Crossover`).
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from inferstack_bench import ab
from inferstack_bench.cli import number
from inferstack_bench.workloads import MODELS

#: A: the gateway as configured (log on); B: the same with the log off.
VARIANTS: dict[str, dict[str, str]] = {"A": {}, "B": {"GATEWAY_PREDICTION_LOG": "false"}}


def log_adds_ms(rounds: list[ab.Round]) -> list[float]:
    """What the log adds in each round: the log-on gateway's CPU per request less the other's."""
    return [-r.difference_ms for r in rounds]


def log_adds_crossed_ms(crossed: ab.Crossover) -> float:
    """What the log adds, over both orders (the process bias cancelled)."""
    return -crossed.difference_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench-log-ab", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--model", choices=MODELS, default="digits")
    parser.add_argument("--concurrency", type=number(1, integer=True), default=4)
    parser.add_argument(
        "--rounds", type=number(1, integer=True), default=3, help="rounds in each order"
    )
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    args = parser.parse_args(argv)
    print("A: the prediction log on; B: off", flush=True)
    crossed = ab.run_crossed(
        args.model, "task", args.concurrency, args.rounds, VARIANTS, args.repository
    )
    rounds = crossed.given + crossed.exchanged
    added = log_adds_ms(rounds)
    on = statistics.median(r.a_cpu_ms for r in rounds)
    print(
        f"{args.model}, c={args.concurrency} per gateway, {len(rounds)} rounds in both orders: "
        f"gateway CPU per request {on:.3f} ms with the log; the log adds "
        f"{log_adds_crossed_ms(crossed):+.3f} ms (mean of the orders' medians; rounds "
        f"{min(added):+.3f} to {max(added):+.3f}; the second gateway process read "
        f"{crossed.process_bias_ms:+.3f} ms against the first)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
