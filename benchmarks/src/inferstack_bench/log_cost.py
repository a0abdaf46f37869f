"""`./dev bench-log`: the prediction log's CPU per record, part by part, in one process.

The benchmark's `gateway` and `gateway-nolog` arms give the whole gateway's CPU per request with
the log on and off; their difference is small beside the run-to-run noise of a shared machine.
This measures the log's own work directly, with `time.process_time` over many records:

- request path: what the route and the middleware add (hash the image, build the small record,
  `put_nowait`), for the digits workload's real PNG scans and a real classification answer;
- writer: building the rows (summaries) and writing them in batches of 200 to a real database
  (SQLite in WAL mode by default; `--database-url` for PostgreSQL). aiosqlite's and asyncpg's
  work in their own threads counts too: process time covers every thread.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import tempfile
import time
from pathlib import Path

from inferstack_bench.workloads import load
from inferstack_gateway.observability.metrics import GatewayMetrics
from inferstack_gateway.predictions import LogOptions, PendingRecord, PredictionLog, capture_images
from inferstack_schemas import (
    ImageClassification,
    ImageClassificationResponse,
    LabelScore,
    Timings,
)

RECORDS = 20_000


def _answer(request_id: str) -> ImageClassificationResponse:
    labels = [LabelScore(label=str(d), probability=p) for d, p in ((7, 0.97), (9, 0.02), (1, 0.01))]
    return ImageClassificationResponse(
        model="digits",
        version="2",
        results=[ImageClassification(index=0, predictions=labels)],
        timings=Timings(preprocess_ms=0.8, inference_ms=3.1, postprocess_ms=0.05, total_ms=4.2),
        request_id=request_id,
    )


def _images() -> list[bytes]:
    """The PNG scans the benchmark's gateway arm sends (96x96 digits)."""
    bodies = load("digits").task_bodies
    return [base64.b64decode(json.loads(body)["images"][0]["data"]) for body in bodies]


async def measure(url: str, records: int) -> dict[str, float]:
    """Microseconds of CPU per record: the request path, and the writer to `url`."""
    images = _images()
    answers = [_answer(f"r{i}") for i in range(len(images))]
    log = PredictionLog(LogOptions(url=url, queue_size=records + 1), GatewayMetrics())
    await log.start()
    try:
        # The request path, the writer held off: nothing else runs between these lines.
        start = time.process_time()
        for i in range(records):
            inputs = capture_images([images[i % len(images)]], None)
            log.submit(
                PendingRecord(
                    f"r{i}",
                    int(time.time() * 1000),
                    "/v1/image-classification",
                    "digits",
                    "2",
                    200,
                    4.2,
                    None,
                    inputs,
                    answers[i % len(answers)],
                    None,
                )
            )
        request_path = time.process_time() - start
        # The writer: drain the queue into the database.
        start = time.process_time()
        await log.stop()
        writer = time.process_time() - start
    finally:
        if log.engine is not None:
            await log.engine.dispose()
    return {
        "request_path_us": request_path / records * 1e6,
        "writer_us": writer / records * 1e6,
        "total_us": (request_path + writer) / records * 1e6,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-log", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--records", type=int, default=RECORDS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'log.sqlite3'}"
        figures = asyncio.run(measure(url, args.records))
    kind = url.split(":", 1)[0]
    print(
        f"prediction log, {args.records} digits records, {kind}: request path "
        f"{figures['request_path_us']:.1f} us, writer {figures['writer_us']:.1f} us, "
        f"total {figures['total_us']:.1f} us of CPU per record"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
