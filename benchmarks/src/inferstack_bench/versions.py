"""What one image costs each ``digits`` version in Triton, at batch 1.

Triton (pinned to the server CPUs, as in the main benchmark) is called directly over gRPC, one
request of one image at a time, after a warm-up; the inputs are the benchmark's 64 digit scans,
made into each version's input by the gateway's own processor. Two figures per version:

- the round trip the client measures (p50, p90, p99);
- Triton's own account from its statistics, per inference: the time in the queue (the dynamic
  batcher holds a lone request up to ``max_queue_delay_microseconds``) and the compute time
  (compute_input + compute_infer + compute_output: the Python backend's hand-over and
  onnxruntime). The target for v3 is on the compute time: at most 2 ms per image.

::

    ./dev bench-versions                 # report in docs/benchmarks/digits_versions.{md,json}
    ./dev bench-versions --requests 50   # a short run, written to --output
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import tritonclient.grpc as grpcclient

from inferstack_bench.machine import describe
from inferstack_bench.servers import ServerSet, plan_cpus
from inferstack_bench.stats import percentiles_ms
from inferstack_bench.workloads import INPUTS_PER_WORKLOAD, digit_images
from inferstack_gateway.processors.digits import DigitsProcessor
from inferstack_gateway.processors.geometry import declared_geometry
from inferstack_gateway.settings import GatewaySettings

MODEL = "digits"
VERSIONS = ("1", "2", "3")
TARGET_VERSION, TARGET_MS = "3", 2.0
STAGES = ("queue", "compute_input", "compute_infer", "compute_output")
REPRODUCE = "./dev bench-versions"


def inputs(client: grpcclient.InferenceServerClient, version: str) -> list[np.ndarray[Any, Any]]:
    """The benchmark's digit scans as `version` reads them (its declared geometry)."""
    config = client.get_model_config(MODEL, as_json=True)["config"]
    parameters = {k: v["string_value"] for k, v in config.get("parameters", {}).items()}
    dims = [int(d) for d in config["input"][0]["dims"]]
    processor = DigitsProcessor()
    geometry = processor.geometry(declared_geometry(parameters, version), dims)
    limits = GatewaySettings().image_limits
    batch = processor.preprocess(digit_images(INPUTS_PER_WORKLOAD), limits, geometry)
    return [batch[i : i + 1] for i in range(len(batch))]


def _stats(client: grpcclient.InferenceServerClient, version: str) -> dict[str, Any]:
    (stats,) = client.get_inference_statistics(MODEL, version, as_json=True)["model_stats"]
    return dict(stats)


def _settled(
    client: grpcclient.InferenceServerClient, version: str, count: int, timeout_s: float = 10.0
) -> dict[str, Any]:
    """Statistics once Triton has counted at least `count` inferences (it may answer first)."""
    deadline = time.monotonic() + timeout_s
    while True:
        stats = _stats(client, version)
        if int(stats.get("inference_count", 0)) >= count or time.monotonic() > deadline:
            return stats
        time.sleep(0.05)


def _ns(stats: Mapping[str, Any], stage: str) -> int:
    return int(stats.get("inference_stats", {}).get(stage, {}).get("ns", 0))


def measure(url: str, version: str, requests: int, warmup: int) -> dict[str, Any]:
    """Round trips and Triton's per-inference stage times of `requests` single-image calls."""
    with grpcclient.InferenceServerClient(url) as client:
        tensors = inputs(client, version)

        def call(i: int) -> None:
            array = tensors[i % len(tensors)]
            tensor = grpcclient.InferInput("pixels", list(array.shape), "FP32")
            tensor.set_data_from_numpy(array)
            client.infer(MODEL, [tensor], model_version=version)

        for i in range(warmup):
            call(i)
        before = _settled(client, version, 0)
        start_count = int(before.get("inference_count", 0))
        round_trips = []
        for i in range(requests):
            started = time.perf_counter()
            call(i)
            round_trips.append(time.perf_counter() - started)
        after = _settled(client, version, start_count + requests)
    count = int(after.get("inference_count", 0)) - start_count
    executions = int(after.get("execution_count", 0)) - int(before.get("execution_count", 0))
    per = {s: (_ns(after, s) - _ns(before, s)) / max(count, 1) / 1e6 for s in STAGES}
    p50, p90, p99 = percentiles_ms(round_trips, [50, 90, 99])
    return {
        "requests": requests,
        "inferences": count,
        "executions": executions,
        "p50_ms": p50,
        "p90_ms": p90,
        "p99_ms": p99,
        "queue_ms": per["queue"],
        "compute_ms": per["compute_input"] + per["compute_infer"] + per["compute_output"],
        "compute_infer_ms": per["compute_infer"],
    }


def markdown(report: Mapping[str, Any]) -> str:
    machine = report["machine_details"]
    lines = [
        "# Benchmark: each digits version in Triton, batch 1",
        "",
        f"Written by `{REPRODUCE}` (see `benchmarks/src/inferstack_bench/versions.py` for the "
        "method); do not edit.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in machine.items()),
        "",
        "## Target",
        "",
        f"- {report['target']}",
        "",
        "## Per version",
        "",
        f"{report['requests']} requests of one image each, one at a time, after "
        f"{report['warmup']} warm-up requests; Triton called directly over gRPC.",
        "",
        "| version | input | Triton compute ms/image | of which onnxruntime (compute_infer) ms "
        "| Triton queue ms | round trip p50 ms | p90 ms | p99 ms | executions |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for version, f in report["versions"].items():
        lines.append(
            f"| {version} | {f['input']} | {f['compute_ms']:.3f} | {f['compute_infer_ms']:.3f} "
            f"| {f['queue_ms']:.3f} | {f['p50_ms']:.2f} | {f['p90_ms']:.2f} | {f['p99_ms']:.2f} "
            f"| {f['executions']} |"
        )
    lines += [
        "",
        "*Compute* is what Triton counts from taking a request off its queue to having its "
        "output: the Python backend's hand-over to the model's stub process and back, and "
        "onnxruntime. The round trip adds the gRPC client and the queue: with "
        "`max_queue_delay_microseconds: 2000` the dynamic batcher waits for company that never "
        "comes at one request at a time.",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m inferstack_bench.versions",
        description="Latency of each digits version in Triton at batch 1.",
    )
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--repository", type=Path, default=Path("model_repository"))
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks"))
    args = parser.parse_args(argv)
    plan = plan_cpus()
    results = {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-versions-") as scratch,
        ServerSet(args.repository, Path(scratch), plan.servers, {"triton"}) as servers,
    ):
        url = servers.endpoint("triton").url
        for version in VERSIONS:
            results[version] = measure(url, version, args.requests, args.warmup)
            with grpcclient.InferenceServerClient(url) as client:
                shape = inputs(client, version)[0].shape[1:]
            results[version]["input"] = "x".join(str(d) for d in shape)
            print(
                f"digits v{version}: compute {results[version]['compute_ms']:.3f} ms/image, "
                f"round trip p50 {results[version]['p50_ms']:.2f} ms",
                flush=True,
            )
    details = describe(plan.describe())
    compute = results[TARGET_VERSION]["compute_ms"]
    met = "met" if compute <= TARGET_MS else "NOT met"
    report = {
        "model": MODEL,
        "requests": args.requests,
        "warmup": args.warmup,
        "machine": f"{details['cpu']}, {details['triton']}, onnxruntime {details['onnxruntime']}",
        "machine_details": details,
        "target": f"v{TARGET_VERSION}, Triton compute per image at batch 1: {compute:.3f} ms "
        f"(target <= {TARGET_MS:g} ms): {met}",
        "versions": results,
        "reproduce": REPRODUCE,
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "digits_versions.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.output / "digits_versions.md").write_text(markdown(report))
    print(report["target"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
