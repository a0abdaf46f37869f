"""The History page's data: the prediction log's records as table rows and details, and its
statistics in the long form the charts want. Plain functions over the sdk's answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from inferstack_client.models import PredictionRecord, PredictionStats
from inferstack_client.types import Unset

#: The time windows the page offers, by label.
WINDOWS = {
    "last hour": timedelta(hours=1),
    "last 24 hours": timedelta(days=1),
    "last 7 days": timedelta(days=7),
    "last 30 days": timedelta(days=30),
}
#: The routes the prediction log records, for the route filter.
ROUTES = (
    "/v1/image-classification",
    "/v1/image-classification/upload",
    "/v1/embeddings",
    "/v1/text-classification",
    "/v2/models/{model}/infer",
)


@dataclass(frozen=True)
class Window:
    since: datetime
    until: datetime


def window(label: str, now: datetime | None = None) -> Window:
    """The time window a label names, ending now."""
    until = now or datetime.now(UTC)
    return Window(until - WINDOWS[label], until)


def _value(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def target(model: Any, version: Any) -> str:
    """`model v<version>`, for one series of a chart."""
    model, version = _value(model), _value(version)
    if model is None:
        return "(no model)"
    return f"{model} v{version}" if version else str(model)


def summary(record: PredictionRecord) -> str:
    """One cell saying what came out: the top label of each item, or the embeddings' shape,
    or the problem's title."""
    problem = _value(record.problem)
    if problem is not None:
        return f"{problem.title}: {problem.detail}"
    outputs = _value(record.outputs)
    if outputs is None:
        return ""
    items = _value(outputs.items) or []
    if items:
        tops = [f"{i.top[0].label} ({i.top[0].probability:.0%})" for i in items if i.top]
        return ", ".join(tops[:8]) + (" …" if len(tops) > 8 else "")
    embeddings = _value(outputs.embeddings)
    if embeddings is not None:
        return f"{embeddings.count} vectors of {embeddings.dimension} dimensions"
    size = _value(outputs.total_bytes)
    return "" if size is None else f"{size} bytes"


def table_rows(records: list[PredictionRecord]) -> list[dict[str, Any]]:
    """One row per record, newest first, as the table shows them."""
    rows = []
    for record in records:
        inputs = _value(record.inputs)
        rows.append(
            {
                "time": record.time.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                "route": record.route,
                "model": target(record.model, record.version),
                "status": record.status,
                "latency (ms)": round(record.latency_ms, 1),
                "inputs": "" if inputs is None else f"{inputs.count} {inputs.kind}",
                "answer": summary(record),
                "caller": _value(record.caller) or "",
                "request id": record.request_id,
            }
        )
    return rows


def details(record: PredictionRecord) -> dict[str, Any]:
    """The whole record, as JSON, for the selected row."""
    body: dict[str, Any] = record.to_dict()
    return body


def timeline_points(stats: PredictionStats) -> list[dict[str, Any]]:
    """Requests per time bucket and model version."""
    return [
        {"start": p.start.isoformat(), "target": target(p.model, p.version), "requests": p.count}
        for p in stats.timeline
    ]


def latency_points(stats: PredictionStats) -> list[dict[str, Any]]:
    """Latency percentiles per model version (and over all of them), long form."""
    points = []
    for row in stats.latency:
        name = "all" if _value(row.model) is None else target(row.model, row.version)
        for percentile, value in (("p50", row.p50_ms), ("p95", row.p95_ms), ("p99", row.p99_ms)):
            points.append({"target": name, "percentile": percentile, "ms": value})
    return points


def label_points(stats: PredictionStats) -> list[dict[str, Any]]:
    """How often each label was an item's top answer, per model."""
    return [
        {"model": _value(c.model) or "(no model)", "label": c.label, "items": c.count}
        for c in stats.labels
    ]


def error_points(stats: PredictionStats) -> list[dict[str, Any]]:
    """Client (4xx) and server (5xx) errors per model version."""
    kinds = {"4xx": "client (4xx)", "5xx": "server (5xx)"}
    return [
        {
            "target": target(c.model, c.version),
            "kind": kinds[str(c.status_class)],
            "requests": c.count,
        }
        for c in stats.counts
        if str(c.status_class) in kinds
    ]
