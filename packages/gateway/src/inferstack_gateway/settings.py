"""Gateway settings, read from `GATEWAY_*` environment variables (and a `.env` file)."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from inferstack_gateway.processors.imaging import ImageLimits

_FORMATS = frozenset({"PNG", "JPEG", "GIF", "BMP", "WEBP"})


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class GatewaySettings(BaseSettings):
    """Everything an operator can set. Invalid values stop start-up with a clear message."""

    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_", env_file=".env", extra="ignore", frozen=True
    )

    triton_url: str = Field(
        default="localhost:8001",
        pattern=r"^((dns:(//[^\s/]*)?/)?[^\s:/,]+:\d{1,5}|ipv4:[^\s/]+:\d{1,5}(,[^\s/,]+:\d{1,5})*)$",
        description="Triton's gRPC target: host:port; dns:///host:port (a headless Service: every "
        "address the name resolves to); or ipv4:addr:port,addr:port,... (fixed replicas).",
    )
    triton_lb_policy: Literal["pick_first", "round_robin"] = Field(
        default="pick_first",
        description="gRPC load balancing over the target's addresses: pick_first (one "
        "connection) or round_robin (requests spread over every Triton replica).",
    )
    workers: int | Literal["auto"] = Field(
        default=1,
        description="Worker processes, each with its own Triton channel; 'auto': one per CPU "
        "core available to the process.",
    )
    metrics_dir: Path | None = Field(
        default=None,
        description="With several workers: where they share their metrics (prometheus-client's "
        "multiprocess mode); default: a fresh temporary directory.",
    )
    request_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="A request's deadline: the default, and the most a caller may ask for with "
        "X-Request-Timeout. Triton is given what is left of it; 504 past it.",
    )
    max_inflight_requests: int = Field(
        default=16,
        ge=1,
        le=100_000,
        description="Inference requests one worker handles at once; more are refused at once "
        "with 503 and Retry-After (health, readiness and metrics never are). 16 measured best "
        "on one core (./dev bench --soak): the gateway's throughput no longer grows past it, "
        "only the latency of what it admitted.",
    )
    keep_alive_s: float = Field(
        default=75.0,
        gt=0,
        le=3600,
        description="How long an idle keep-alive connection stays open. Longer than the idle "
        "timeout of clients' and load balancers' connection pools (httpx 5 s, AWS ALB 60 s), so "
        "the gateway never closes a connection a client is about to reuse.",
    )
    backlog: int = Field(
        default=2048, ge=16, le=65535, description="Connections waiting to be accepted."
    )
    triton_connect_timeout_s: float = Field(
        default=2.0, gt=0, le=60, description="Deadline for health and catalog calls."
    )
    catalog_refresh_s: float = Field(
        default=5.0,
        ge=0.1,
        le=3600,
        description="How often the model catalog is re-read from Triton in the background.",
    )
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated API keys; empty means the /v1 routes are open.",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated origins allowed by CORS."
    )
    cors_allow_headers: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["*"],
        description="Comma-separated request headers a CORS preflight may ask for; `*` (the "
        "default) allows whatever the browser asks for (the gateway uses no cookies, so no "
        "credentials ride along). Only read when cors_origins is set.",
    )
    default_versions: dict[str, str] = Field(
        default_factory=dict,
        description='Per-model default version, JSON: {"digits": "2"}. Else latest ready.',
    )
    max_request_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_images_per_request: int = Field(default=64, gt=0, le=4096)
    max_image_pixels: int = Field(default=16_000_000, gt=0)
    allowed_image_formats: Annotated[frozenset[str], NoDecode] = Field(default=_FORMATS)
    offload_threshold_bytes: int = Field(
        default=64 * 1024,
        ge=0,
        description="Requests whose images total more than this are decoded off the event loop.",
    )
    max_texts_per_request: int = Field(
        default=256,
        gt=0,
        le=4096,
        description="Texts per embeddings or text classification request (413 past it).",
    )
    max_text_chars: int = Field(
        default=20_000,
        gt=0,
        le=1_000_000,
        description="Characters per text or label (422 naming it past it). Texts are cut at the "
        "model's maximum sequence length in tokens anyway; this bounds tokenizing work.",
    )
    max_labels_per_request: int = Field(
        default=32, gt=0, le=1024, description="Labels per text classification request (413)."
    )
    max_tokens_per_request: int = Field(
        default=8192,
        gt=0,
        description="Tokens per embeddings or text classification request, after truncation, "
        "label hypotheses included (413 past it). Inference time grows with it: on the CPU "
        "build 8192 tokens take about 4 s, well inside the default Triton deadline.",
    )
    text_offload_threshold_chars: int = Field(
        default=4096,
        ge=0,
        description="Requests whose texts total more characters than this are tokenized off "
        "the event loop.",
    )
    max_v2_elements: int = Field(
        default=4_000_000,
        gt=0,
        description="Most tensor elements (all inputs together) in one /v2 inference request.",
    )
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    # The prediction log (predictions/).
    state_dir: Path = Field(
        default=Path(".var"), description="Where the default SQLite prediction log lives."
    )
    database_url: str | None = Field(
        default=None,
        pattern=r"^(sqlite\+aiosqlite|postgresql\+asyncpg)://",
        description="The prediction log's database; default: SQLite in the state directory. "
        "PostgreSQL (postgresql+asyncpg://) when more than one gateway process writes.",
    )
    prediction_log: bool = Field(default=True, description="Store every inference answered.")
    prediction_log_queue_size: int = Field(default=10_000, ge=1, le=1_000_000)
    prediction_log_batch_size: int = Field(default=200, ge=1, le=10_000)
    prediction_log_flush_ms: float = Field(
        default=1000.0,
        gt=0,
        le=60_000,
        description="A batch is written when it is full or this long after its first record.",
    )
    prediction_log_retention_days: float = Field(
        default=30.0, ge=0, description="Records older than this are purged; 0 keeps them all."
    )
    prediction_log_purge_interval_s: float = Field(default=3600.0, ge=1)
    prediction_log_raw_inputs: bool = Field(
        default=False, description="Also store the inputs themselves (images, texts)."
    )
    prediction_log_raw_input_max_bytes: int = Field(
        default=64 * 1024, ge=0, description="Requests with larger inputs keep none of them."
    )
    prediction_log_shutdown_timeout_s: float = Field(
        default=5.0, gt=0, le=300, description="How long shutdown waits for the last writes."
    )

    @field_validator("api_keys", "cors_origins", "cors_allow_headers", mode="before")
    @classmethod
    def _csv(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("allowed_image_formats", mode="before")
    @classmethod
    def _formats(cls, value: object) -> object:
        parts = _split_csv(value)
        if isinstance(parts, list | set | frozenset):
            upper = {str(p).upper() for p in parts}
            unknown = upper - _FORMATS
            if unknown:
                raise ValueError(
                    f"unsupported formats {sorted(unknown)}; choose from {sorted(_FORMATS)}"
                )
            return frozenset(upper)
        return value

    @field_validator("workers")
    @classmethod
    def _workers(cls, value: int | str) -> int | str:
        if isinstance(value, int) and not 1 <= value <= 256:
            raise ValueError("must be 'auto' or a number of processes from 1 to 256")
        return value

    @property
    def worker_count(self) -> int:
        """`workers` as a number: 'auto' is `available_cpus()`."""
        return available_cpus() if self.workers == "auto" else self.workers

    @property
    def image_limits(self) -> ImageLimits:
        """What an uploaded image may be: its pixel count and formats."""
        return ImageLimits(
            max_pixels=self.max_image_pixels, allowed_formats=self.allowed_image_formats
        )

    @property
    def resolved_database_url(self) -> str:
        """`database_url`, or the default SQLite file in the state directory."""
        if self.database_url:
            return self.database_url
        path = (self.state_dir / "gateway" / "predictions.sqlite3").absolute()
        return f"sqlite+aiosqlite:///{path}"

    @field_validator("default_versions")
    @classmethod
    def _versions(cls, value: dict[str, str]) -> dict[str, str]:
        for model, version in value.items():
            if not version.isdigit():
                raise ValueError(f"default version of {model!r} must be a number, got {version!r}")
        return value


def available_cpus(cgroup_cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """CPU cores this process may use: its CPU affinity, capped by the cgroup v2 CPU quota
    (`cpu.max`: "<quota> <period>" in microseconds, or "max") that a container's CPU limit sets;
    a quota of 1.5 cores counts as 2."""
    cores = len(os.sched_getaffinity(0))
    try:
        quota, period = cgroup_cpu_max.read_text(encoding="ascii").split()
        if quota != "max":
            cores = min(cores, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):  # no cgroup v2 file here, or not in the documented form
        pass
    return max(1, cores)


def load_settings() -> GatewaySettings:
    """Settings from the environment; on invalid values exit with one readable line."""
    try:
        return GatewaySettings()
    except ValidationError as exc:
        problems = "; ".join(
            f"GATEWAY_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise SystemExit(f"error: invalid gateway settings: {problems}") from None
