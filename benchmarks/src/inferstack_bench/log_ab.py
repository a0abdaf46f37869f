"""`./dev bench-log-ab`: the gateway's CPU per request with the prediction log on and off, both
gateways loaded AT ONCE, round after round.

The benchmark's arms run one after another; on a machine shared with other work, their CPU per
request moves by more than the log costs between two cells. Here the two gateways (`gateway`,
log on; `gateway-nolog`, log off; one Triton behind both, all on the servers' CPUs) get the same
closed-loop load from two load generators started together, so whatever else runs on the
machine weighs on both alike. Each round reports both, and their difference; the summary is the
median over the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from inferstack_bench.runner import ARMS, Timing, _cell, load_spec, start_loadgen
from inferstack_bench.servers import ServerSet, plan_cpus
from inferstack_bench.workloads import MODELS, ModelName

ROLES = ("gateway", "gateway-nolog")


def run(
    model: ModelName, concurrency: int, rounds: int, repository: Path
) -> list[dict[str, float]]:
    arms = {arm.key: arm for arm in ARMS if arm.key in ROLES}
    cpus = plan_cpus()
    timing = Timing(warmup_s=2.0, max_windows=6)
    found = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with ServerSet(repository, work, cpus.servers, set(ROLES)) as servers:
            for number in range(rounds):
                processes = {}
                # Alternate which load generator starts first, so neither gateway is favoured.
                for role in ROLES if number % 2 == 0 else ROLES[::-1]:
                    endpoint = servers.endpoint(role)
                    spec = load_spec(
                        model, arms[role], concurrency, timing, endpoint.url, {role: endpoint.pid}
                    )
                    stem = work / f"round{number}-{role}"
                    (stem.with_suffix(".probe.json")).write_text("[]")
                    processes[role] = (start_loadgen(spec, stem, cpus.clients), stem)
                figures: dict[str, float] = {}
                for role, (process, stem) in sorted(processes.items()):
                    if process.wait() != 0:
                        raise RuntimeError(f"the load generator of {role} failed")
                    cell = _cell(
                        model,
                        arms[role],
                        concurrency,
                        stem.with_suffix(".result.json"),
                        stem.with_suffix(".probe.json"),
                    )
                    figures[f"{role} cpu_ms"] = cell.cpu_ms_per_request[role]
                    figures[f"{role} req/s"] = cell.throughput
                added = figures["gateway cpu_ms"] - figures["gateway-nolog cpu_ms"]
                figures["log adds cpu_ms"] = added
                print(
                    f"round {number + 1}: log on {figures['gateway cpu_ms']:.3f} ms/request "
                    f"({figures['gateway req/s']:.0f} req/s), off "
                    f"{figures['gateway-nolog cpu_ms']:.3f} ms/request "
                    f"({figures['gateway-nolog req/s']:.0f} req/s): the log adds "
                    f"{figures['log adds cpu_ms']:+.3f} ms",
                    flush=True,
                )
                found.append(figures)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench-log-ab", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--model", choices=MODELS, default="digits")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    args = parser.parse_args(argv)
    rounds = run(args.model, args.concurrency, args.rounds, args.repository)
    added = [r["log adds cpu_ms"] for r in rounds]
    on = [r["gateway cpu_ms"] for r in rounds]
    print(
        f"{args.model}, c={args.concurrency} per gateway, {len(rounds)} rounds: gateway CPU per "
        f"request {statistics.median(on):.3f} ms with the log; the log adds "
        f"{statistics.median(added):+.3f} ms (median; range {min(added):+.3f} to {max(added):+.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
