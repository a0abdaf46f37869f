"""Gateway settings, read from `GATEWAY_*` environment variables (and a `.env` file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
        pattern=r"^[^\s:/]+:\d{1,5}$",
        description="Triton gRPC host:port.",
    )
    triton_timeout_s: float = Field(
        default=10.0, gt=0, le=600, description="Deadline for one Triton inference call."
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
    prediction_log_flush_ms: float = Field(default=200.0, gt=0, le=60_000)
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

    @field_validator("api_keys", "cors_origins", mode="before")
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


def load_settings() -> GatewaySettings:
    """Settings from the environment; on invalid values exit with one readable line."""
    try:
        return GatewaySettings()
    except ValidationError as exc:
        problems = "; ".join(
            f"GATEWAY_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise SystemExit(f"error: invalid gateway settings: {problems}") from None
