"""The prediction log: one stored record per inference request, listed, fetched and summarised."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from inferstack_schemas.errors import ProblemItem

StatusClass = Literal["2xx", "3xx", "4xx", "5xx"]


class PredictionInputs(BaseModel):
    """What the request held, summarised: never the inputs themselves (see `raw_inputs`)."""

    kind: Literal["images", "texts", "tensors"] = Field(examples=["images"])
    count: int = Field(ge=0, description="Images, texts, or input tensors.", examples=[1])
    total_bytes: int = Field(ge=0, description="Their total size in bytes (UTF-8 for texts).")
    sizes: list[int] = Field(default_factory=list, description="Bytes of each item, in order.")
    sha256: list[str] = Field(
        default_factory=list, description="SHA-256 (hex) of each image file, in order."
    )
    tokens: list[int] = Field(
        default_factory=list,
        description="Tokens the model read per text (from the answer; empty on a failure "
        "before tokenizing).",
    )
    labels: int | None = Field(
        default=None, description="Candidate labels of a text classification request."
    )
    tensors: list[str] = Field(
        default_factory=list,
        description="Open Inference Protocol inputs as `name:datatype[shape]`.",
        examples=[["input:FP32[1,28,28]"]],
    )


class PredictionLabel(BaseModel):
    """One label and its probability, as answered."""

    label: str = Field(examples=["7"])
    probability: float = Field(examples=[0.97])


class PredictionItem(BaseModel):
    """The top labels answered for one item (image or text), most probable first."""

    index: int = Field(ge=0)
    top: list[PredictionLabel]


class EmbeddingSummary(BaseModel):
    """The embeddings answered, without the vectors."""

    count: int = Field(ge=0)
    dimension: int = Field(ge=0, examples=[384])
    norms: list[float] = Field(description="The L2 norm of each vector, in order.")


class PredictionOutputs(BaseModel):
    """What the gateway answered, summarised."""

    items: list[PredictionItem] = Field(
        default_factory=list, description="Top labels per item, for classification."
    )
    embeddings: EmbeddingSummary | None = None
    total_bytes: int | None = Field(
        default=None, description="Size of an Open Inference Protocol answer, in bytes."
    )


class PredictionProblem(BaseModel):
    """Why a request failed: its problem type and each item's error."""

    type: str = Field(examples=["https://inferstack.dev/problems/invalid-input"])
    title: str = Field(examples=["Invalid input"])
    detail: str
    errors: list[ProblemItem] = Field(default_factory=list)


class PredictionRecord(BaseModel):
    """One inference request as the prediction log stored it."""

    request_id: str = Field(examples=["9f1c2a7e4b5d4e7f8a9b0c1d2e3f4a5b"])
    time: datetime = Field(description="When the request arrived (UTC).")
    route: str = Field(description="The route template.", examples=["/v1/image-classification"])
    model: str | None = Field(description="The model that answered; null when none was resolved.")
    version: str | None = Field(examples=["2"])
    status: int = Field(ge=100, le=599, examples=[200])
    latency_ms: float = Field(ge=0, description="In the gateway, first byte in to last out.")
    timings: dict[str, float] = Field(
        default_factory=dict, description="Stage timings in milliseconds, when answered."
    )
    caller: str | None = Field(
        default=None,
        description="The API key's identity (`key:` and a SHA-256 prefix), never the key; "
        "null on a gateway without keys.",
        examples=["key:3f9a0c1d2e4b"],
    )
    inputs: PredictionInputs | None = None
    outputs: PredictionOutputs | None = None
    problem: PredictionProblem | None = None
    raw_inputs: list[str] | None = Field(
        default=None,
        description="The inputs themselves (base64 for images), only when the gateway is "
        "set to keep them and they fit its size cap.",
    )


class PredictionPage(BaseModel):
    """Records, most recent first, and the cursor of the next page (null on the last)."""

    items: list[PredictionRecord]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` to get the records after these."
    )


class PredictionCount(BaseModel):
    """Requests of one model version with one class of status."""

    model: str | None
    version: str | None
    status_class: StatusClass
    count: int = Field(ge=0)


class LatencyPercentiles(BaseModel):
    """Gateway latency percentiles in milliseconds (nearest rank)."""

    model: str | None = Field(default=None, description="null: over every model.")
    version: str | None = None
    count: int = Field(ge=0)
    p50_ms: float
    p95_ms: float
    p99_ms: float


class LabelCount(BaseModel):
    """How often a label was the top answer for an item."""

    model: str | None
    label: str
    count: int = Field(ge=0)


class ErrorShare(BaseModel):
    """Failed requests, split into client (4xx) and server (5xx) errors."""

    client_errors: int = Field(ge=0)
    server_errors: int = Field(ge=0)
    client_error_share: float = Field(ge=0, le=1, description="Of all requests in the window.")
    server_error_share: float = Field(ge=0, le=1)


class TimelinePoint(BaseModel):
    """Requests of one model version that arrived in one time bucket."""

    start: datetime
    model: str | None
    version: str | None
    count: int = Field(ge=0)


class PredictionStats(BaseModel):
    """The prediction log summarised over a time window."""

    since: datetime
    until: datetime
    total: int = Field(ge=0)
    counts: list[PredictionCount]
    latency: list[LatencyPercentiles] = Field(
        description="Over every request first, then per model version."
    )
    labels: list[LabelCount]
    errors: ErrorShare
    bucket_s: int = Field(ge=1, description="Width of each timeline bucket, in seconds.")
    timeline: list[TimelinePoint]


class PredictionLogHealth(BaseModel):
    """The prediction log's state, as `/readyz` reports it. Never makes the gateway unready."""

    state: Literal["ok", "degraded", "disabled"] = Field(examples=["ok"])
    detail: str | None = Field(
        default=None, description="Why it is degraded (e.g. the database is unreachable)."
    )
    pending: int = Field(ge=0, description="Records waiting to be written.")
    dropped: int = Field(ge=0, description="Records dropped since start-up (queue full).")
