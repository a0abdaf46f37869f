"""`inferstack-triton`: run the real Triton on the model repository until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
from pathlib import Path

from inferstack_tools.launcher.supervisor import supervise
from inferstack_tools.launcher.triton.server import TritonServer
from inferstack_tools.launcher.triton.settings import TritonSettings


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="inferstack-triton",
        description="Start the bundled Triton Inference Server (CPU) on the model repository. "
        "Every option can also be set with its TRITON_* environment variable.",
    )
    parser.add_argument("--model-repository", type=Path)
    parser.add_argument("--address")
    parser.add_argument("--http-port", type=int)
    parser.add_argument("--grpc-port", type=int)
    parser.add_argument("--metrics-port", type=int)
    parser.add_argument("--log-file", type=Path)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    overrides = {k: v for k, v in vars(args).items() if v is not None}
    return supervise([TritonServer(TritonSettings(**overrides))])
