"""`inferstack-gateway`: serve the gateway with uvicorn; settings come from GATEWAY_* variables.

`GATEWAY_WORKERS` worker processes share the listening socket; each builds its own app (its own
Triton channel). With more than one, their metrics are shared through a directory (see
`observability/metrics.py`), emptied at start.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

import uvicorn

from inferstack_gateway.observability.metrics import MULTIPROCESS_ENV
from inferstack_gateway.settings import load_settings

APP = "inferstack_gateway.main:app"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="inferstack-gateway", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    settings = load_settings()
    workers = settings.worker_count
    made: Path | None = None
    if workers > 1:
        directory = settings.metrics_dir
        if directory is None:
            directory = made = Path(tempfile.mkdtemp(prefix="inferstack-gateway-metrics-"))
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):  # a previous run's values must not count
            stale.unlink()
        os.environ[MULTIPROCESS_ENV] = str(directory)
    try:
        uvicorn.run(
            APP,
            host=args.host,
            port=args.port,
            workers=workers,
            timeout_keep_alive=int(settings.keep_alive_s),
            backlog=settings.backlog,
            log_config=None,
            access_log=False,
        )
    finally:
        if made is not None:
            shutil.rmtree(made, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
