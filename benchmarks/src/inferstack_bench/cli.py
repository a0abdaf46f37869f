"""`inferstack-bench`: run the benchmark and write its report (``./dev bench``).

./dev bench                     # the full sweep, report into docs/benchmarks/
./dev bench --smoke             # a short run that only shows the harness works
./dev bench --models digits --arms direct,gateway --concurrency 1,4
./dev bench --soak              # 256 clients on the gateway for 60 s: overload behaviour
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from inferstack_bench import machine, report, soak
from inferstack_bench.runner import ARM_KEYS, ARMS, Cell, Timing, run_all
from inferstack_bench.servers import ServerSet, plan_cpus
from inferstack_bench.workloads import MODELS, ModelName
from inferstack_tools.builds.minilm_artifact import ensure_minilm

SMOKE = Timing(warmup_s=0.5, window_s=0.5, stable_windows=2, max_windows=3, tolerance=1.0)


def _choices(text: str, allowed: tuple[str, ...], what: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in allowed]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown) or '(none given)'}; choose from "
            f"{', '.join(allowed)}"
        )
    return chosen


def positive_integers(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("expected positive integers, comma-separated")
    return values


def number(minimum: float, *, integer: bool = False) -> Callable[[str], float]:
    """An argparse type: a number of at least `minimum`."""

    def parse(text: str) -> float:
        try:
            value = int(text) if integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not value >= minimum:  # also refuses nan
            raise argparse.ArgumentTypeError(f"must be at least {minimum:g}, got {text}")
        return value

    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="inferstack-bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--models", type=lambda t: _choices(t, MODELS, "model"), default=list(MODELS))
    p.add_argument("--arms", type=lambda t: _choices(t, ARM_KEYS, "arm"), default=list(ARM_KEYS))
    p.add_argument(
        "--concurrency",
        type=positive_integers,
        default=None,
        help="closed-loop concurrency levels (default 1,4,8,16,64; smoke: 1,4)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="report folder (default docs/benchmarks; smoke: .var/bench-smoke)",
    )
    p.add_argument("--smoke", action="store_true", help="short windows: checks the harness only")
    p.add_argument("--repository", type=Path, default=Path("model_repository"))
    p.add_argument(
        "--soak",
        action="store_true",
        help="soak mode: --concurrency clients (default 256) on the gateway for --duration-s",
    )
    p.add_argument("--duration-s", type=number(1.0), default=60.0, help="soak mode's length")
    p.add_argument("--warmup-s", type=number(0.0), default=None)
    p.add_argument("--window-s", type=number(0.1), default=None)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.soak:
        return _soak(args)
    timing = SMOKE if args.smoke else Timing()
    if args.warmup_s is not None:
        timing = replace(timing, warmup_s=args.warmup_s)
    if args.window_s is not None:
        timing = replace(timing, window_s=args.window_s)
    concurrencies = args.concurrency or ([1, 4] if args.smoke else [1, 4, 8, 16, 64])
    out = args.out or Path(".var/bench-smoke" if args.smoke else "docs/benchmarks")
    models: list[ModelName] = args.models
    arms = [arm for arm in ARMS if arm.key in args.arms]
    repository = args.repository.resolve()
    if "minilm" in models:
        ensure_minilm(repository.parent)
    cpus = plan_cpus()
    info = machine.describe(cpus.describe())
    if args.smoke:
        info["run"] = "smoke run: short windows, figures not meaningful"
    print(f"Pinning: {cpus.describe()}")

    def progress(cell: Cell) -> None:
        flag = "" if cell.stable else "  (not stable)"
        print(
            f"{cell.model:<7} {cell.arm:<17} c={cell.concurrency:<3} "
            f"{cell.throughput:8.1f} req/s  p50 {cell.p50_ms:8.2f} ms  p99 {cell.p99_ms:8.2f} ms"
            f"  errors {cell.errors}  health p99 {cell.health_p99_ms:7.2f} ms{flag}",
            flush=True,
        )

    log_added: dict[str, float] | None = None
    if not args.smoke and {"gateway", "gateway-nolog"} <= set(args.arms):
        log_added = {model: _log_side_by_side(model, repository) for model in models}
    with tempfile.TemporaryDirectory(prefix="inferstack-bench-") as tmp:
        work = Path(tmp)
        roles = {role for arm in arms for role in (arm.entry, *arm.metered)}
        with ServerSet(repository, work, cpus.servers, roles) as servers:
            cells = run_all(servers, models, arms, concurrencies, timing, cpus, work, progress)
    written = report.write(cells, info, out, log_added)
    print()
    for line in report.ratio_lines(cells):
        print(line)
    print()
    for target in report.targets(cells, log_added):
        print(target.line())
    print()
    print("Wrote " + ", ".join(str(path) for path in written))
    return 0 if sum(cell.errors for cell in cells) == 0 else 1


def _log_side_by_side(model: ModelName, repository: Path, rounds: int = 2) -> float:
    """What the prediction log adds to `model`'s gateway CPU per request (ms), with the log on
    and off loaded at once (`ab.py`), `rounds` rounds in each order of the two gateway processes
    (`ab.Crossover`): the sweep runs its arms one after the other, and between two cells this
    machine moves by more than the log costs. It runs before the sweep, which leaves the
    machine slower for a while (docs/benchmarks/prediction-log.md)."""
    from inferstack_bench import ab, log_ab  # they take this module's argument types

    concurrency = report.LOG_TARGET_CONCURRENCY
    print(f"Prediction log, on and off loaded at once ({model}, c={concurrency}):", flush=True)
    crossed = ab.run_crossed(model, "task", concurrency, rounds, log_ab.VARIANTS, repository)
    print(ab.crossover_line(crossed), flush=True)
    return log_ab.log_adds_crossed_ms(crossed)


def _soak(args: argparse.Namespace) -> int:
    """`--soak`: Triton and one gateway worker, then the soak clients; writes soak.md/json."""
    (concurrency,) = args.concurrency or [256]
    out = args.out or Path(".var/bench-smoke" if args.smoke else "docs/benchmarks")
    cpus = plan_cpus()
    info = machine.describe(cpus.describe())
    print(f"Pinning: {cpus.describe()}")
    with (
        tempfile.TemporaryDirectory(prefix="inferstack-soak-") as tmp,
        ServerSet(
            args.repository.resolve(), Path(tmp), cpus.servers, {"gateway"}, shed=True
        ) as servers,
    ):
        result = soak.run(
            servers.endpoint("gateway").url,
            concurrency=concurrency,
            duration_s=args.duration_s,
            cpus=cpus.clients,
        )
    written = soak.write(result, info, out)
    for what, measured, met in result.checks(soak.SoakTargets()):
        print(f"{what}: {measured} ({'met' if met else 'NOT met'})")
    print("Wrote " + ", ".join(str(path) for path in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
