"""Profile a server under load: py-spy samples it while the load generator drives one arm.

    ./dev bench-profile --model digits --arm gateway --concurrency 1 --duration 15

Writes a flame graph (SVG) and the collapsed stacks into the output folder, and prints the
functions that hold the most samples, inclusive and by themselves, and the samples' shares by
component of the request path (`components.py`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from inferstack_bench.cli import number
from inferstack_bench.components import by_component
from inferstack_bench.cpu import tree_cpu_seconds
from inferstack_bench.runner import ARM_KEYS, ARMS, Timing, load_spec, start_loadgen
from inferstack_bench.servers import ServerSet, plan_cpus
from inferstack_bench.workloads import MODELS
from inferstack_tools.builds.minilm_artifact import ensure_minilm


def top_functions(
    collapsed: str, count: int = 25
) -> tuple[list[tuple[str, int]], list[tuple[str, int]], int]:
    """From py-spy's collapsed stacks (`frame;frame;... samples` per line): the functions with
    the most samples inclusive (anywhere on the stack) and by themselves (at its top)."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        n = int(samples)
        total += n
        frames = stack.split(";")
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n
    return inclusive.most_common(count), own.most_common(count), total


def _wait_for_load(pid: int, load: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    """Poll until the server has used a quarter second of CPU since now: the load generator
    (which takes a few seconds to start) is driving it, so py-spy will have samples."""
    start, deadline = tree_cpu_seconds(pid), time.monotonic() + timeout_s
    while tree_cpu_seconds(pid) - start < 0.25:
        if load.poll() is not None:
            raise SystemExit(f"the load generator exited early (code {load.returncode})")
        if time.monotonic() > deadline:
            raise SystemExit(f"the server was still idle after {timeout_s:.0f} s of load")
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="inferstack-bench-profile",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model", choices=MODELS, default="digits")
    parser.add_argument("--arm", choices=[k for k in ARM_KEYS if k != "direct"], default="gateway")
    parser.add_argument("--concurrency", type=number(1, integer=True), default=1)
    parser.add_argument("--duration", type=number(2.0), default=15.0, help="seconds (>= 2)")
    parser.add_argument("--out", type=Path, default=Path(".var/profile"))
    parser.add_argument("--native", action="store_true", help="sample C frames too (slower)")
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    args = parser.parse_args(argv)
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    arm = next(a for a in ARMS if a.key == args.arm)
    repository = args.repository.resolve()
    if args.model == "minilm":
        ensure_minilm(repository.parent)
    cpus = plan_cpus()
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"{args.model}-{arm.key}-c{args.concurrency}"
    with tempfile.TemporaryDirectory(prefix="inferstack-profile-") as tmp:
        work = Path(tmp)
        with ServerSet(repository, work, cpus.servers, {arm.entry}) as servers:
            entry = servers.endpoint(arm.entry)
            # one long warm-up: the load runs through the whole recording
            timing = Timing(warmup_s=args.duration + 3.0, stable_windows=1, max_windows=1)
            spec = load_spec(args.model, arm, args.concurrency, timing, entry.url, {})
            load = start_loadgen(spec, work / "load", cpus.clients)
            try:
                _wait_for_load(entry.pid, load)
                for fmt, suffix in (("flamegraph", ".svg"), ("raw", ".txt")):
                    subprocess.run(
                        [
                            py_spy,
                            "record",
                            "--pid",
                            str(entry.pid),
                            "--duration",
                            str(int(args.duration / 2)),
                            "--rate",
                            "200",
                            "--format",
                            fmt,
                            "--output",
                            str(stem.with_suffix(suffix)),
                            # py-spy cannot read C frames without pausing the process
                            *(["--native"] if args.native else ["--nonblocking"]),
                        ],
                        check=True,
                    )
            finally:
                load.wait(timeout=args.duration + 120)
    inclusive, own, total = top_functions(stem.with_suffix(".txt").read_text())
    print(f"{total} samples of {arm.entry} ({args.model}, {arm.key}, c={args.concurrency})")
    for title, rows in (("inclusive", inclusive), ("own", own)):
        print(f"\ntop functions, {title}:")
        for frame, n in rows:
            print(f"{100.0 * n / max(total, 1):6.1f}%  {frame}")
    print("\nby component of the request path:")
    for name, share in by_component(stem.with_suffix(".txt").read_text()):
        print(f"{100.0 * share:6.1f}%  {name}")
    print(f"\nWrote {stem.with_suffix('.svg')} and {stem.with_suffix('.txt')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
