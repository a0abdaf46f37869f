"""The results as a markdown page, a plot and JSON, and the ratios that matter."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from inferstack_bench.runner import ARMS, Cell

_LABELS = {arm.key: arm.label for arm in ARMS}
_ROLE_NAMES = {
    "triton": "Triton",
    "gateway": "gateway",
    "gateway-2w": "gateway",
    "gateway-nolog": "gateway (log off)",
    "monolith-async": "monolith",
    "monolith-threads": "monolith",
}


@dataclass(frozen=True)
class Target:
    """A figure with a performance target, and whether this run met it."""

    name: str
    value: float | None  # None: the run did not measure it
    bound: float
    at_most: bool  # the figure must be <= bound (else >=)
    unit: str

    @property
    def met(self) -> bool | None:
        if self.value is None or math.isnan(self.value):
            return None
        return self.value <= self.bound if self.at_most else self.value >= self.bound

    def line(self) -> str:
        relation = "<=" if self.at_most else ">="
        verdict = {True: "met", False: "NOT met", None: "not measured"}[self.met]
        value = "n/a" if self.value is None else f"{self.value:.2f}{self.unit}"
        return f"{self.name}: {value} (target {relation} {self.bound:g}{self.unit}): {verdict}"


def _find(cells: Sequence[Cell], model: str, arm: str, concurrency: int) -> Cell | None:
    for cell in cells:
        if (cell.model, cell.arm, cell.concurrency) == (model, arm, concurrency):
            return cell
    return None


def _ratio(
    cells: Sequence[Cell], model: str, arm: str, base: str, concurrency: int
) -> float | None:
    top, bottom = _find(cells, model, arm, concurrency), _find(cells, model, base, concurrency)
    if top is None or bottom is None or bottom.throughput == 0:
        return None
    return top.throughput / bottom.throughput


def _added_p50(cells: Sequence[Cell], model: str, arm: str, concurrency: int) -> float | None:
    top, bottom = _find(cells, model, arm, concurrency), _find(cells, model, "direct", concurrency)
    return None if top is None or bottom is None else top.p50_ms - bottom.p50_ms


def log_cpu_ms(cells: Sequence[Cell], model: str, concurrency: int) -> float | None:
    """The gateway CPU per request the prediction log adds: the gateway process with the log
    on, less the same gateway with it off (Triton's CPU left out), in one run."""
    on = _find(cells, model, "gateway", concurrency)
    off = _find(cells, model, "gateway-nolog", concurrency)
    if on is None or off is None:
        return None
    with_log = on.cpu_ms_per_request.get("gateway")
    without = off.cpu_ms_per_request.get("gateway-nolog")
    return None if with_log is None or without is None else with_log - without


def gateway_cpu_ms(cells: Sequence[Cell], model: str, arm: str, concurrency: int) -> float | None:
    """The gateway process's CPU per request in one arm (Triton's left out)."""
    cell = _find(cells, model, arm, concurrency)
    return None if cell is None else cell.cpu_ms_per_request.get("gateway")


# The lean request path: gateway CPU per request, at c=8 and c=64 (route, model, arm, bound).
CPU_TARGETS = (
    ("digits task endpoint (one PNG)", "digits", "gateway", 1.2),
    ("digits v2 pass-through (one tensor, JSON)", "digits", "v2", 0.7),
    ("minilm embeddings (one sentence)", "minilm", "gateway", 1.0),
)
CPU_TARGET_CONCURRENCY = (8, 64)


#: Where the prediction log's cost is judged: this many clients per gateway.
LOG_TARGET_CONCURRENCY = 16


def targets(
    cells: Sequence[Cell], log_side_by_side: Mapping[str, float] | None = None
) -> list[Target]:
    """The report's targets. `log_side_by_side`: by model, what the prediction log adds (ms of
    gateway CPU per request) measured with both gateways loaded at once, in both orders
    (`ab.Crossover`); when given, these are the figures judged, and the sweep's (arms one after
    the other, `digits` only) is only a ratio line."""
    cpu = [
        Target(
            f"{route}, c={concurrency}: gateway CPU per request",
            gateway_cpu_ms(cells, model, arm, concurrency),
            bound,
            True,
            " ms",
        )
        for route, model, arm, bound in CPU_TARGETS
        for concurrency in CPU_TARGET_CONCURRENCY
    ]
    health = [
        c.health_p99_ms
        for c in cells
        if c.model == "minilm" and c.concurrency == 64 and c.arm in ("gateway", "v2")
    ]
    return [
        Target(
            "digits, c=1: p50 the gateway task endpoint adds over direct Triton",
            _added_p50(cells, "digits", "gateway", 1),
            1.5,
            True,
            " ms",
        ),
        Target(
            "minilm, c=16: v2 pass-through throughput / direct",
            _ratio(cells, "minilm", "v2", "direct", 16),
            0.85,
            False,
            "x",
        ),
        Target(
            "minilm, c=64: decoupled (gateway task endpoint) throughput / async-handler monolith",
            _ratio(cells, "minilm", "gateway", "monolith-async", 64),
            1.2,
            False,
            "x",
        ),
        Target(
            "minilm, c=64: gateway /healthz p99 under load",
            max(health) if health else None,
            10.0,
            True,
            " ms",
        ),
        *_log_targets(cells, log_side_by_side),
        *cpu,
    ]


def _log_targets(
    cells: Sequence[Cell], log_side_by_side: Mapping[str, float] | None
) -> list[Target]:
    what = f"c={LOG_TARGET_CONCURRENCY}: gateway CPU per request the prediction log adds"
    if log_side_by_side is None:
        measured = log_cpu_ms(cells, "digits", LOG_TARGET_CONCURRENCY)
        return [Target(f"digits, {what}", measured, 0.15, True, " ms")]
    return [
        Target(
            f"{model}, {what} (both gateways loaded at once, both orders)", added, 0.15, True, " ms"
        )
        for model, added in log_side_by_side.items()
    ]


def ratio_lines(cells: Sequence[Cell]) -> list[str]:
    """Per model and concurrency: the gateway against direct Triton, two gateway workers against
    one, decoupled against monolith."""
    lines = []
    for model in dict.fromkeys(c.model for c in cells):
        for concurrency in sorted({c.concurrency for c in cells if c.model == model}):
            parts = [
                ("gateway/direct", _ratio(cells, model, "gateway", "direct", concurrency), "x"),
                ("v2/direct", _ratio(cells, model, "v2", "direct", concurrency), "x"),
                (
                    "2 workers/1 worker",
                    _ratio(cells, model, "gateway-2w", "gateway", concurrency),
                    "x",
                ),
                ("gateway adds p50", _added_p50(cells, model, "gateway", concurrency), " ms"),
                ("log adds gateway CPU", log_cpu_ms(cells, model, concurrency), " ms/request"),
                (
                    "decoupled/monolith-async",
                    _ratio(cells, model, "gateway", "monolith-async", concurrency),
                    "x",
                ),
                (
                    "decoupled/monolith-threads",
                    _ratio(cells, model, "gateway", "monolith-threads", concurrency),
                    "x",
                ),
            ]
            shown = ", ".join(
                f"{name} {value:.2f}{unit}" for name, value, unit in parts if value is not None
            )
            lines.append(f"{model} c={concurrency}: {shown}")
    return lines


def _fmt(value: float, digits: int = 1) -> str:
    return "n/a" if math.isnan(value) else f"{value:.{digits}f}"


def _cpu(cell: Cell) -> str:
    return ", ".join(
        f"{_ROLE_NAMES.get(role, role)} {ms:.2f}" for role, ms in cell.cpu_ms_per_request.items()
    )


def markdown(
    cells: Sequence[Cell],
    machine: dict[str, str],
    plot_name: str,
    log_side_by_side: Mapping[str, float] | None = None,
) -> str:
    out = [
        "# Benchmark: the gateway against Triton called directly and against a monolith",
        "",
        "Written by `./dev bench` (see `benchmarks/README.md` for the method); do not edit.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in machine.items()),
        "",
        "## Targets",
        "",
        *(f"- {target.line()}" for target in targets(cells, log_side_by_side)),
        "",
        f"![throughput, latency and health p99 per arm]({plot_name})",
        "",
        "## Ratios",
        "",
        *(f"- {line}" for line in ratio_lines(cells)),
    ]
    for model in dict.fromkeys(c.model for c in cells):
        out += [
            "",
            f"## {model}",
            "",
            "| arm | concurrency | req/s | p50 ms | p90 ms | p99 ms | errors "
            "| server CPU ms/request | client CPU ms/request | /healthz p99 ms | stable |",
            "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
        ]
        for cell in sorted(
            (c for c in cells if c.model == model), key=lambda c: (c.arm, c.concurrency)
        ):
            out.append(
                f"| {_LABELS.get(cell.arm, cell.arm)} | {cell.concurrency} "
                f"| {_fmt(cell.throughput)} | {_fmt(cell.p50_ms, 2)} | {_fmt(cell.p90_ms, 2)} "
                f"| {_fmt(cell.p99_ms, 2)} | {cell.errors} | {_cpu(cell)} "
                f"| {_fmt(cell.client_cpu_ms_per_request, 2)} | {_fmt(cell.health_p99_ms, 2)} "
                f"| {'yes' if cell.stable else 'no'} |"
            )
    return "\n".join(out) + "\n"


def plot(cells: Sequence[Cell], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    models = list(dict.fromkeys(c.model for c in cells))
    figure, axes = plt.subplots(len(models), 3, figsize=(15, 4.2 * len(models)), squeeze=False)
    for row, model in enumerate(models):
        for arm in dict.fromkeys(c.arm for c in cells if c.model == model):
            series = sorted(
                (c for c in cells if c.model == model and c.arm == arm),
                key=lambda c: c.concurrency,
            )
            x = [c.concurrency for c in series]
            label = _LABELS.get(arm, arm)
            axes[row][0].plot(x, [c.throughput for c in series], marker="o", label=label)
            axes[row][1].plot(x, [c.p50_ms for c in series], marker="o", label=label)
            axes[row][2].plot(x, [c.health_p99_ms for c in series], marker="o", label=label)
        for column, ylabel in enumerate(("requests/s", "p50 latency (ms)", "health p99 (ms)")):
            axis = axes[row][column]
            axis.set_xscale("log", base=2)
            if column:
                axis.set_yscale("log")
            axis.set_xlabel("concurrency (closed loop)")
            axis.set_ylabel(ylabel)
            axis.set_title(f"{model}: {ylabel}")
            axis.grid(True, which="both", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def write(
    cells: Sequence[Cell],
    machine: dict[str, str],
    out_dir: Path,
    log_side_by_side: Mapping[str, float] | None = None,
) -> list[Path]:
    """`results.md`, `results.png` and `results.json` in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    page, picture, data = (out_dir / name for name in ("results.md", "results.png", "results.json"))
    plot(cells, picture, f"inferstack benchmark, {machine.get('date', '')}")
    page.write_text(markdown(cells, machine, picture.name, log_side_by_side))
    found: dict[str, object] = {"machine": machine, "cells": [asdict(c) for c in cells]}
    if log_side_by_side is not None:
        found["log_adds_cpu_ms_side_by_side"] = dict(log_side_by_side)
    data.write_text(json.dumps(found, indent=1) + "\n")
    return [page, picture, data]
