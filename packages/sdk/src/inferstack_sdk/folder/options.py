"""The command line of `inferstack-classify-folder`: its arguments, checked, as `Options`."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar, cast

from inferstack_sdk.connection import DEFAULT_GATEWAY_URL

Format = Literal["csv", "jsonl"]
FORMATS: Mapping[str, Format] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

EXAMPLE = f"""\
example:
  export INFERSTACK_GATEWAY_URL={DEFAULT_GATEWAY_URL}
  inferstack-classify-folder ./scans --recursive --output results.csv \\
      --concurrency 8 --batch-size 16 --top-k 3
  # interrupted or some failed? run the same command again: finished files are skipped.
"""


class UsageError(Exception):
    """Something the user has to fix before anything can be classified: one line, exit 2."""


@dataclass(frozen=True)
class Options:
    folder: Path
    output: Path
    output_format: Format
    gateway_url: str
    api_key: str | None
    model: str
    version: str | None
    top_k: int
    concurrency: int
    batch_size: int
    retries: int
    backoff_s: float
    timeout_s: float
    recursive: bool
    skip_errors: bool
    progress: bool


N = TypeVar("N", int, float)


def _number(kind: Callable[[str], N], minimum: N, *, above: bool = False) -> Callable[[str], N]:
    """An argparse type: a number of `kind`, at least `minimum` (more than it when `above`)."""

    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if not (value > minimum if above else value >= minimum):  # NaN fails too
            bound = "more than" if above else "at least"
            raise argparse.ArgumentTypeError(f"must be {bound} {minimum}, got {text}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=(
            "Classify every image file (.png .jpg .jpeg .gif .bmp .webp) in FOLDER through the\n"
            "inferstack gateway; write one line per file to OUTPUT (CSV or JSON Lines, by its\n"
            "extension). Re-running the same command resumes: files with an ok line are skipped.\n"
            "Exit status: 0 all ok, 1 some failed (see their lines), 2 usage error."
        ),
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folder", type=Path, help="the folder holding the images")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="results file: .csv, or .jsonl / .ndjson for JSON Lines; appended to, never rewritten",
    )
    parser.add_argument(
        "-r", "--recursive", action="store_true", help="also classify images in sub-folders"
    )
    parser.add_argument(
        "--gateway-url",
        default=os.environ.get("INFERSTACK_GATEWAY_URL") or DEFAULT_GATEWAY_URL,
        help="the gateway's base URL (default: $INFERSTACK_GATEWAY_URL, else %(default)s)",
    )
    parser.add_argument(
        "--api-key",
        default=os.environ.get("INFERSTACK_API_KEY") or None,
        help="API key, sent as 'Authorization: Bearer' (default: $INFERSTACK_API_KEY, else none)",
    )
    parser.add_argument("--model", default="digits", help="model name (default: %(default)s)")
    parser.add_argument(
        "--version", default=None, help="pin a model version (default: the model's default)"
    )
    parser.add_argument(
        "--top-k",
        type=_number(int, 1),
        default=3,
        help="labels kept per image (default: %(default)s)",
    )
    parser.add_argument(
        "--concurrency",
        type=_number(int, 1),
        default=4,
        help="requests in flight at once (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=_number(int, 1),
        default=8,
        help="images per request, at most the gateway's limit (default: %(default)s)",
    )
    parser.add_argument(
        "--retries",
        type=_number(int, 0),
        default=3,
        help="retries of a request after 429/502/503/504 or a network error (default: %(default)s)",
    )
    parser.add_argument(
        "--backoff",
        type=_number(float, 0.0),
        default=0.5,
        metavar="SECONDS",
        help="first retry delay, doubled at each retry, jittered (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=_number(float, 0.0, above=True),
        default=60.0,
        metavar="SECONDS",
        help="per-request timeout (default: %(default)s)",
    )
    parser.add_argument(
        "--skip-errors",
        action="store_true",
        help="on a re-run, skip inputs that failed before instead of trying them again",
    )
    parser.add_argument("--no-progress", action="store_true", help="do not show a progress bar")
    return parser


def options_from(args: argparse.Namespace) -> Options:
    folder = cast(Path, args.folder)
    output = cast(Path, args.output)
    if not folder.exists():
        raise UsageError(f"folder not found: {folder}")
    if not folder.is_dir():
        raise UsageError(f"not a folder: {folder}")
    output_format = FORMATS.get(output.suffix.lower())
    if output_format is None:
        raise UsageError(f"--output must end in .csv, .jsonl or .ndjson, got {str(output)!r}")
    if output.is_dir():
        raise UsageError(f"--output is a folder: {output}")
    return Options(
        folder=folder,
        output=output,
        output_format=output_format,
        gateway_url=str(args.gateway_url).rstrip("/"),
        api_key=cast(str | None, args.api_key) or None,
        model=str(args.model),
        version=cast(str | None, args.version),
        top_k=int(args.top_k),
        concurrency=int(args.concurrency),
        batch_size=int(args.batch_size),
        retries=int(args.retries),
        backoff_s=float(args.backoff),
        timeout_s=float(args.timeout),
        recursive=bool(args.recursive),
        skip_errors=bool(args.skip_errors),
        progress=not args.no_progress,
    )
