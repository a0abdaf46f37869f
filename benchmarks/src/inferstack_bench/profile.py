"""Profile a server under load: py-spy samples it while the load generator drives one arm.

    ./dev bench-profile --model digits --arm gateway --concurrency 1 --duration 15

Writes a flame graph (SVG) and the collapsed stacks into the output folder, and prints the
functions that hold the most samples, inclusive and by themselves.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from inferstack_bench.loadgen import LoadSpec
from inferstack_bench.runner import ARM_KEYS, ARMS
from inferstack_bench.servers import ServerSet, plan_cpus
from inferstack_bench.workloads import MODELS
from inferstack_tools.models.minilm_artifact import ensure_minilm


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="inferstack-bench-profile",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--model", choices=MODELS, default="digits")
    parser.add_argument("--arm", choices=[k for k in ARM_KEYS if k != "direct"], default="gateway")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, default=15.0)
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
            spec = LoadSpec(
                model=args.model,
                payload=arm.payload,
                target=entry.url,
                concurrency=args.concurrency,
                warmup_s=args.duration + 3.0,  # load runs through the whole recording
                window_s=0.5,
                min_window_requests=1,
                stable_windows=1,
                max_windows=1,
                tolerance=1.0,
            )
            spec_file = work / "spec.json"
            spec_file.write_text(json.dumps(asdict(spec)))
            load = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "inferstack_bench.loadgen",
                    str(spec_file),
                    str(work / "result.json"),
                ]
            )
            try:
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
                        capture_output=True,
                    )
            finally:
                load.wait(timeout=args.duration + 120)
    inclusive, own, total = top_functions(stem.with_suffix(".txt").read_text())
    print(f"{total} samples of {arm.entry} ({args.model}, {arm.key}, c={args.concurrency})")
    for title, rows in (("inclusive", inclusive), ("own", own)):
        print(f"\ntop functions, {title}:")
        for frame, n in rows:
            print(f"{100.0 * n / max(total, 1):6.1f}%  {frame}")
    print(f"\nWrote {stem.with_suffix('.svg')} and {stem.with_suffix('.txt')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
