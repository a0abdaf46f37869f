"""Classify every image file in a folder through the inferstack gateway, resumably.

Each image file (.png .jpg .jpeg .gif .bmp .webp, any case) under FOLDER is sent to the gateway's
image-classification endpoint with the generated async client, a few requests at a time, and gets
exactly ONE line in the output file (CSV or JSON Lines, chosen by the output's extension):

    path         the file's path relative to FOLDER (the key used to resume)
    status       ok | error
    label        the most probable label            (ok only)
    probability  its probability                    (ok only)
    model        the model asked for / that answered
    version      the model version that answered    (ok only)
    top_k        the top-k labels as JSON: [{"label": "3", "probability": 0.97}, ...]
    error        why it failed (HTTP status and the gateway's problem detail, or the network
                 error)                             (error only)

Resuming: lines are appended and flushed one by one, never rewritten. Run the same command again
after an interruption or a partial failure: inputs that already have an `ok` line are skipped,
inputs that failed are tried again (unless --skip-errors) and get a new line; the latest line of
a path is its current result. Lines come in the order the requests finish, not in file order.

Failures: a batch request that the gateway rejects because of some of its images (a 4xx problem
whose `errors` point at ["body", "images", i]) marks exactly those images as failed, and the other
images of that batch are retried one by one, so one bad file never fails its batch-mates. A batch
that is too large (413) is retried one image at a time too. Transient failures (429, 502, 503,
504, connection errors, timeouts) are retried with exponential backoff, --retries times.

Exit status: 0 when every input is ok, 1 when some input failed (its line says why), 2 on a usage
error (missing folder, unusable output file, gateway unreachable or refusing at start), 130 when
interrupted.

Why the base64 JSON operation (`classify_images`) rather than the multipart one
(`classify_uploads`): the generated `BodyClassifyUploads` model types `files` as `list[str]` and
sends each as a text form field (openapi-python-client does not read OpenAPI 3.1's
`contentMediaType: application/octet-stream` as a file), so uploads cannot go through the
generated client as it stands. The JSON body is also what makes per-image errors addressable:
the gateway's problem `errors` name images by their index in `images`. The cost is base64's
one-third size overhead, which is small next to the inference.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import csv
import io
import json
import os
import random
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal, TextIO, cast

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from inferstack_client import AuthenticatedClient, Client
from inferstack_client.api.image_classification import classify_images
from inferstack_client.api.models import get_model
from inferstack_client.models import (
    ImageClassificationRequest,
    ImageClassificationResponse,
    ImageInput,
    ModelInfo,
    Problem,
)
from inferstack_client.types import UNSET, Response

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})
TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
FIELDS = ("path", "status", "label", "probability", "model", "version", "top_k", "error")
DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080"
MAX_BACKOFF_S = 30.0
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

Format = Literal["csv", "jsonl"]
FORMATS: Mapping[str, Format] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

EXAMPLE = f"""\
example:
  export INFERSTACK_GATEWAY_URL={DEFAULT_GATEWAY_URL}
  python examples/classify_folder.py ./scans --recursive --output results.csv \\
      --concurrency 8 --batch-size 16 --top-k 3
  # interrupted or some failed? run the same command again: finished files are skipped.
"""


class UsageError(Exception):
    """Something the user has to fix before anything can be classified: one line, exit 2."""


# --- options -------------------------------------------------------------------------------------


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


def _int_at_least(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


_positive_int = _int_at_least(1)
_non_negative_int = _int_at_least(0)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="classify_folder.py",
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
        type=_positive_int,
        default=3,
        help="labels kept per image (default: %(default)s)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive_int,
        default=4,
        help="requests in flight at once (default: %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=_positive_int,
        default=8,
        help="images per request, at most the gateway's limit (default: %(default)s)",
    )
    parser.add_argument(
        "--retries",
        type=_non_negative_int,
        default=3,
        help="retries of a request after 429/502/503/504 or a network error (default: %(default)s)",
    )
    parser.add_argument(
        "--backoff",
        type=_non_negative_float,
        default=0.5,
        metavar="SECONDS",
        help="first retry delay, doubled at each retry, jittered (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive_float,
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


# --- inputs and results --------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One input file, and its key in the results: its path relative to the folder."""

    path: Path
    key: str


def find_images(folder: Path, *, recursive: bool) -> list[Item]:
    """The image files in `folder` (and below, when recursive), in sorted order of their keys."""
    candidates = folder.rglob("*") if recursive else folder.iterdir()
    items = [
        Item(path, path.relative_to(folder).as_posix())
        for path in candidates
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()
    ]
    return sorted(items, key=lambda item: item.key)


@dataclass(frozen=True)
class Record:
    """One output line."""

    path: str
    status: Literal["ok", "error"]
    model: str
    version: str | None = None
    label: str | None = None
    probability: float | None = None
    top_k: tuple[tuple[str, float], ...] = ()
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "label": self.label,
            "probability": self.probability,
            "model": self.model,
            "version": self.version,
            "top_k": [{"label": label, "probability": p} for label, p in self.top_k],
            "error": self.error,
        }

    def as_csv_row(self) -> list[str]:
        values = self.as_dict()
        values["top_k"] = json.dumps(values["top_k"]) if self.top_k else ""
        return ["" if values[name] is None else str(values[name]) for name in FIELDS]


@dataclass(frozen=True)
class Previous:
    """What an existing results file says: the keys done ok, the keys whose last line failed."""

    ok: frozenset[str] = frozenset()
    failed: frozenset[str] = frozenset()
    unreadable_lines: int = 0


class ResultsFile:
    """The append-only results file: one line per record, flushed as soon as it is written."""

    def __init__(self, path: Path, output_format: Format) -> None:
        self.path = path
        self.format = output_format
        self._file: TextIO | None = None

    def _header(self) -> str:
        return ",".join(FIELDS)

    def read_previous(self) -> Previous:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return Previous()
        text = self.path.read_text(encoding="utf-8", errors="replace")
        lines = text.split("\n")  # only "\n" ends a line: fields may hold other separators
        if self.format == "csv":
            if lines[0].strip() != self._header():
                raise UsageError(
                    f"{self.path} exists but is not a results file of this script "
                    f"(its first line is not {self._header()!r}); choose another --output"
                )
            lines = lines[1:]
        latest: dict[str, str] = {}
        ok: set[str] = set()
        unreadable = 0
        for line in lines:
            if not line.strip():
                continue
            entry = self._parse(line)
            if entry is None:
                unreadable += 1
                continue
            key, status = entry
            latest[key] = status
            if status == "ok":
                ok.add(key)
        if unreadable > 1 and not latest:
            raise UsageError(
                f"{self.path} exists but is not a results file of this script "
                "(no line of it is one); choose another --output"
            )
        failed = {key for key, status in latest.items() if status == "error" and key not in ok}
        return Previous(frozenset(ok), frozenset(failed), unreadable)

    def _parse(self, line: str) -> tuple[str, str] | None:
        """(path, status) of one line, or None when the line is not one of ours (e.g. cut off)."""
        if self.format == "csv":
            try:
                row = next(csv.reader([line]), [])
            except csv.Error:
                return None
            if len(row) != len(FIELDS):
                return None
            values: dict[str, Any] = dict(zip(FIELDS, row, strict=True))
        else:
            try:
                parsed = json.loads(line)
            except ValueError:
                return None
            if not isinstance(parsed, dict):
                return None
            values = parsed
        key, status = values.get("path"), values.get("status")
        if not isinstance(key, str) or status not in ("ok", "error"):
            return None
        return key, str(status)

    def __enter__(self) -> ResultsFile:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists() or self.path.stat().st_size == 0
        cut_off = False
        if not new:
            with self.path.open("rb") as existing:
                existing.seek(-1, os.SEEK_END)
                cut_off = existing.read(1) != b"\n"
        self._file = self.path.open("a", encoding="utf-8", newline="")
        if new and self.format == "csv":
            self._append(self._header() + "\n")
        if cut_off:
            self._append("\n")  # the last run died mid-line: start on a line of our own
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def write(self, record: Record) -> None:
        if self.format == "csv":
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(record.as_csv_row())
            self._append(buffer.getvalue())
        else:
            self._append(json.dumps(record.as_dict(), ensure_ascii=False) + "\n")

    def _append(self, line: str) -> None:
        assert self._file is not None, "write inside `with results:`"
        self._file.write(line)
        self._file.flush()


# --- talking to the gateway ----------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """A request that did not produce results, and why, per image where the gateway said so."""

    summary: str  # "HTTP 422 (Invalid input)" or "network error"
    detail: str
    status: int | None = None
    per_image: Mapping[int, str] = field(default_factory=dict)
    transient: bool = False

    def reason(self, index: int | None = None) -> str:
        detail = self.per_image.get(index, self.detail) if index is not None else self.detail
        return _one_line(f"{self.summary}: {detail}")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _images_named(problem: Problem) -> dict[int, str]:
    """Image index -> what is wrong with it, from the problem's `errors` (loc body.images.i...)."""
    named: dict[int, list[str]] = {}
    for item in problem.errors or []:
        loc = item.loc
        if len(loc) >= 3 and loc[0] == "body" and loc[1] == "images" and isinstance(loc[2], int):
            named.setdefault(loc[2], []).append(item.msg)
    return {index: "; ".join(messages) for index, messages in named.items()}


def _http_failure(response: Response[Any]) -> Failure:
    status = int(response.status_code)
    parsed = response.parsed
    if isinstance(parsed, Problem):
        return Failure(
            summary=f"HTTP {status} ({parsed.title})",
            detail=parsed.detail,
            status=status,
            per_image=_images_named(parsed),
            transient=status in TRANSIENT_STATUSES,
        )
    # A status the API does not document (a proxy's 502, a 500): say what the body says.
    try:
        body = json.loads(response.content)
        detail = str(body.get("detail") or body) if isinstance(body, dict) else str(body)
    except ValueError:
        detail = response.content.decode(errors="replace")[:300] or "(empty body)"
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "unknown status"
    return Failure(
        summary=f"HTTP {status} ({phrase})",
        detail=detail,
        status=status,
        transient=status in TRANSIENT_STATUSES,
    )


def make_client(options: Options) -> AuthenticatedClient:
    """The generated client, with `Authorization: Bearer <key>` when there is a key."""
    timeout = httpx.Timeout(options.timeout_s)
    limits = httpx.Limits(
        max_connections=options.concurrency, max_keepalive_connections=options.concurrency
    )
    if options.api_key:
        return AuthenticatedClient(
            base_url=options.gateway_url,
            token=options.api_key,
            timeout=timeout,
            httpx_args={"limits": limits},
        )
    # No key: a plain Client. The generated functions of the /v1 operations are typed to take an
    # AuthenticatedClient because those operations declare security schemes, although the
    # gateway's keys are optional (openapi-python-client issue #1372); any Client works there.
    client = Client(base_url=options.gateway_url, timeout=timeout, httpx_args={"limits": limits})
    return cast(AuthenticatedClient, client)


async def check_gateway(client: AuthenticatedClient, options: Options) -> ModelInfo:
    """Fail fast, with one line, when the gateway is unreachable or refuses what we would ask."""
    where = f"the gateway at {options.gateway_url}"
    try:
        response = await get_model.asyncio_detailed(options.model, client=client)
    except httpx.TransportError as exc:
        raise UsageError(
            f"cannot reach {where} ({_describe(exc)}); is it running? "
            "Set --gateway-url or INFERSTACK_GATEWAY_URL"
        ) from None
    except ValueError as exc:  # not JSON: not the gateway
        raise UsageError(f"{where} gave an unreadable answer ({_describe(exc)})") from None
    info = response.parsed
    if not isinstance(info, ModelInfo):
        failure = _http_failure(response)
        hint = " (pass --api-key or set INFERSTACK_API_KEY)" if failure.status == 401 else ""
        raise UsageError(f"{where} refused model {options.model!r}: {failure.reason()}{hint}")
    versions = [v.version for v in info.versions]
    if options.version is not None and options.version not in versions:
        raise UsageError(
            f"model {options.model!r} has no version {options.version!r}; "
            f"its versions: {', '.join(versions) or 'none'}"
        )
    if info.labels and options.top_k > len(info.labels):
        raise UsageError(
            f"--top-k {options.top_k} is more than the {len(info.labels)} labels of "
            f"{options.model!r}"
        )
    return info


class Classifier:
    """Turns a batch of files into records, one per file, whatever happens on the way."""

    def __init__(self, client: AuthenticatedClient, options: Options) -> None:
        self._client = client
        self._options = options

    def _error(self, item: Item, reason: str) -> Record:
        return Record(path=item.key, status="error", model=self._options.model, error=reason)

    async def classify(self, items: Sequence[Item]) -> list[Record]:
        try:
            return await self._classify(items)
        except Exception as exc:  # a bug here must not lose the batch's lines
            return [self._error(item, f"unexpected error: {_describe(exc)}") for item in items]

    async def _classify(self, items: Sequence[Item]) -> list[Record]:
        records: list[Record] = []
        loaded: list[tuple[Item, ImageInput]] = []
        for item in items:
            try:
                data = await asyncio.to_thread(item.path.read_bytes)
            except OSError as exc:
                records.append(self._error(item, f"cannot read the file: {_describe(exc)}"))
                continue
            image = ImageInput(data=base64.b64encode(data).decode("ascii"), name=item.key)
            loaded.append((item, image))
        if loaded:
            records += await self._send(loaded)
        return records

    async def _send(self, loaded: Sequence[tuple[Item, ImageInput]]) -> list[Record]:
        outcome = await self._post([image for _, image in loaded])
        if isinstance(outcome, ImageClassificationResponse):
            return self._results(loaded, outcome)
        if len(loaded) > 1 and outcome.status is not None and 400 <= outcome.status < 500:
            named = {i for i in outcome.per_image if 0 <= i < len(loaded)}
            if named or outcome.status == 413:
                # Fail exactly the images the gateway named; their batch-mates go one by one.
                records = [self._error(loaded[i][0], outcome.reason(i)) for i in sorted(named)]
                for index, pair in enumerate(loaded):
                    if index not in named:
                        records += await self._send([pair])
                return records
        return [self._error(item, outcome.reason(index)) for index, (item, _) in enumerate(loaded)]

    def _results(
        self, loaded: Sequence[tuple[Item, ImageInput]], response: ImageClassificationResponse
    ) -> list[Record]:
        by_index = {result.index: result for result in response.results}
        records = []
        for index, (item, _) in enumerate(loaded):
            result = by_index.get(index)
            if result is None or not result.predictions:
                records.append(self._error(item, "the gateway answered without a result for it"))
                continue
            best = result.predictions[0]
            records.append(
                Record(
                    path=item.key,
                    status="ok",
                    model=response.model,
                    version=response.version,
                    label=best.label,
                    probability=best.probability,
                    top_k=tuple((p.label, p.probability) for p in result.predictions),
                )
            )
        return records

    async def _post(self, images: list[ImageInput]) -> ImageClassificationResponse | Failure:
        options = self._options
        body = ImageClassificationRequest(
            images=images,
            model=options.model,
            version=options.version if options.version is not None else UNSET,
            top_k=options.top_k,
        )
        attempts = options.retries + 1
        for attempt in range(attempts):
            retry_after: float | None = None
            try:
                response = await classify_images.asyncio_detailed(client=self._client, body=body)
            except httpx.TransportError as exc:  # connection refused/reset, timeouts, ...
                failure = Failure("network error", _describe(exc), transient=True)
            except ValueError as exc:  # a body that is not the JSON the API documents
                failure = Failure("unreadable answer", _describe(exc), transient=True)
            else:
                if isinstance(response.parsed, ImageClassificationResponse):
                    return response.parsed
                failure = _http_failure(response)
                retry_after = _retry_after(response.headers.get("retry-after"))
            if not failure.transient:
                return failure
            if attempt + 1 < attempts:
                await asyncio.sleep(self._delay(attempt, retry_after))
        return Failure(
            failure.summary,
            f"{failure.detail} (gave up after {attempts} attempts)",
            failure.status,
            failure.per_image,
            transient=True,
        )

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        delay = min(MAX_BACKOFF_S, self._options.backoff_s * 2.0**attempt)
        delay *= random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not cryptography
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_BACKOFF_S))
        return delay


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: ignore it, the backoff applies


# --- the run -------------------------------------------------------------------------------------


def _batches(items: Sequence[Item], size: int) -> Iterator[Sequence[Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Tally:
    ok: int = 0
    failed: int = 0
    failures: list[Record] = field(default_factory=list)


async def run(options: Options, console: Console) -> int:
    results = ResultsFile(options.output, options.output_format)
    previous = results.read_previous()
    if previous.unreadable_lines:
        console.print(
            f"note: {previous.unreadable_lines} line(s) of {options.output} are not results "
            "(cut off?); they are ignored",
            highlight=False,
        )
    inputs = find_images(options.folder, recursive=options.recursive)
    done = previous.ok | (previous.failed if options.skip_errors else frozenset())
    pending = [item for item in inputs if item.key not in done]
    skipped = len(inputs) - len(pending)
    skipped_failures = (
        sum(1 for item in inputs if item.key in previous.failed) if options.skip_errors else 0
    )
    tally = Tally()
    if pending:
        async with make_client(options) as client:
            await check_gateway(client, options)
            await _classify_all(client, options, results, pending, tally, console)

    for record in tally.failures[:10]:
        console.print(f"failed: {record.path}: {record.error}", highlight=False, markup=False)
    if len(tally.failures) > 10:
        console.print(f"... and {len(tally.failures) - 10} more failures", highlight=False)
    note = f" ({skipped_failures} of them failed before)" if skipped_failures else ""
    print(
        f"{tally.ok} ok, {tally.failed} failed, skipped {skipped} already done{note}, "
        f"of {len(inputs)} image files in {options.folder}; results in {options.output}"
    )
    return EXIT_FAILED if tally.failed or skipped_failures else EXIT_OK


async def _classify_all(
    client: AuthenticatedClient,
    options: Options,
    results: ResultsFile,
    pending: Sequence[Item],
    tally: Tally,
    console: Console,
) -> None:
    classifier = Classifier(client, options)
    slots = asyncio.Semaphore(options.concurrency)
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[failed]} failed"),
        console=console,
        disable=not options.progress,
    )

    with results, progress:
        task = progress.add_task("classifying", total=len(pending), failed=0)

        async def one(batch: Sequence[Item]) -> None:
            async with slots:
                records = await classifier.classify(batch)
            for record in records:  # no await in between: lines never interleave
                results.write(record)
                if record.status == "ok":
                    tally.ok += 1
                else:
                    tally.failed += 1
                    tally.failures.append(record)
            progress.update(task, advance=len(records), failed=tally.failed)

        await asyncio.gather(*(one(batch) for batch in _batches(pending, options.batch_size)))


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits 2 on bad arguments
    console = Console(stderr=True, soft_wrap=True)
    try:
        options = options_from(args)
        return asyncio.run(run(options, console))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(
            "interrupted: every finished line is in the output; run the same command to resume",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
