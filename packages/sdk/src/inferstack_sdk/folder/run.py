"""Classifying a folder: find the images, check the gateway, send batches on a pool of threads
through the sdk's `BatchClassifier`, write each result as it comes, under a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from inferstack_client.models import ModelInfo
from inferstack_sdk.batch import BatchClassifier
from inferstack_sdk.calls import Gateway
from inferstack_sdk.connection import GatewayConfig
from inferstack_sdk.folder.options import Options, UsageError, build_parser, options_from
from inferstack_sdk.folder.results_file import Record, ResultsFile
from inferstack_sdk.pool import in_threads
from inferstack_sdk.problems import GatewayError, describe
from inferstack_sdk.results import ImageResult, Upload
from inferstack_sdk.retries import RetryPolicy

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp"})
MAX_BACKOFF_S = 30.0
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


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


# --- talking to the gateway, through the sdk -----------------------------------------------------


def make_gateway(options: Options) -> Gateway:
    """The gateway, with `Authorization: Bearer <key>` when there is a key and a connection pool
    as large as --concurrency."""
    config = GatewayConfig(
        url=options.gateway_url,
        api_key=options.api_key,
        key_header="Authorization",
        timeout_s=options.timeout_s,
        max_connections=options.concurrency,
    )
    return Gateway(config)


def check_gateway(gateway: Gateway, options: Options) -> ModelInfo:
    """Fail fast, with one line, when the gateway is unreachable or refuses what we would ask."""
    where = f"the gateway at {options.gateway_url}"
    info = gateway.model(options.model)
    if isinstance(info, GatewayError):
        if info.kind in ("unreachable", "timeout"):
            raise UsageError(
                f"cannot reach {where} ({info.detail}); is it running? "
                "Set --gateway-url or INFERSTACK_GATEWAY_URL"
            )
        if info.kind == "unexpected":
            raise UsageError(f"{where} gave an unreadable answer ({info.detail})")
        hint = " (pass --api-key or set INFERSTACK_API_KEY)" if info.status == 401 else ""
        raise UsageError(f"{where} refused model {options.model!r}: {info.line()}{hint}")
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
    """Turns a batch of files into records, one per file, whatever happens on the way.

    `classify` runs on the pool's threads: it reads the files and hands them to the sdk's
    `BatchClassifier`, which splits, retries and stops as the module docstring says.
    """

    def __init__(self, gateway: Gateway, options: Options) -> None:
        self._options = options
        retry = RetryPolicy(options.retries, options.backoff_s, MAX_BACKOFF_S)
        self._batch = BatchClassifier(
            gateway, model=options.model, version=options.version, top_k=options.top_k, retry=retry
        )

    def cancel(self) -> None:
        """Send nothing more (Ctrl-C): requests in flight finish, retry waits end at once."""
        self._batch.cancel()

    def classify(self, items: Sequence[Item]) -> list[Record]:
        try:
            return self._classify(items)
        except Exception as exc:  # a bug here must not lose the batch's lines
            return [self._error(item.key, f"unexpected error: {describe(exc)}") for item in items]

    def _classify(self, items: Sequence[Item]) -> list[Record]:
        records: list[Record] = []
        uploads: list[Upload] = []
        for item in items:
            try:
                uploads.append(Upload(item.key, item.path.read_bytes()))
            except OSError as exc:
                records.append(self._error(item.key, f"cannot read the file: {describe(exc)}"))
        return records + [self._record(result) for result in self._batch.classify_chunk(uploads)]

    def _record(self, result: ImageResult) -> Record:
        best = result.best
        if best is None or result.answer is None:
            return self._error(result.upload.name, result.reason_line or "no result")
        return Record(
            path=result.upload.name,
            status="ok",
            model=result.answer.response.model,
            version=result.answer.response.version,
            label=best.label,
            probability=best.probability,
            top_k=tuple((p.label, p.probability) for p in result.predictions),
        )

    def _error(self, key: str, reason: str) -> Record:
        return Record(path=key, status="error", model=self._options.model, error=reason)


# --- the run -------------------------------------------------------------------------------------


def _batches(items: Sequence[Item], size: int) -> Iterator[Sequence[Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Tally:
    ok: int = 0
    failed: int = 0
    failures: list[Record] = field(default_factory=list)


def run(options: Options, console: Console) -> int:
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
        with make_gateway(options) as gateway:
            check_gateway(gateway, options)
            _classify_all(Classifier(gateway, options), options, results, pending, tally, console)

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


def _classify_all(
    classifier: Classifier,
    options: Options,
    results: ResultsFile,
    pending: Sequence[Item],
    tally: Tally,
    console: Console,
) -> None:
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
    batches = _batches(pending, options.batch_size)
    with results, progress:
        task = progress.add_task("classifying", total=len(pending), failed=0)
        try:
            # Batches run on --concurrency threads; their records come back here, in this one
            # thread, so lines never interleave.
            for records in in_threads(classifier.classify, batches, workers=options.concurrency):
                for record in records:
                    results.write(record)
                    if record.status == "ok":
                        tally.ok += 1
                    else:
                        tally.failed += 1
                        tally.failures.append(record)
                progress.update(task, advance=len(records), failed=tally.failed)
        finally:
            classifier.cancel()  # on Ctrl-C: the threads still running send nothing more


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)  # exits 2 on bad arguments
    console = Console(stderr=True, soft_wrap=True)
    try:
        options = options_from(args)
        return run(options, console)
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
