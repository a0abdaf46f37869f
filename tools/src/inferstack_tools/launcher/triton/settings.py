"""Launcher settings, read from `TRITON_*` environment variables."""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TritonSettings(BaseSettings):
    """Where Triton listens, what it serves and where it writes."""

    model_config = SettingsConfigDict(env_prefix="TRITON_", frozen=True)

    model_repository: Path = Field(
        default=Path("model_repository"), description="Triton model repository to serve."
    )
    address: str = Field(default="127.0.0.1", description="Address all three endpoints bind to.")
    http_port: int = Field(default=8000, ge=0, le=65535)
    grpc_port: int = Field(default=8001, ge=0, le=65535)
    metrics_port: int = Field(default=8002, ge=0, le=65535)
    work_dir: Path = Field(
        default=Path(".var/triton"),
        description="Holds the prepared Python backend directory and the server log.",
    )
    log_file: Path | None = Field(
        default=None, description="Defaults to <work_dir>/tritonserver.log."
    )
    startup_timeout_s: float = Field(default=120.0, gt=0)
    stop_timeout_s: float = Field(default=15.0, gt=0)
    log_verbose: int = Field(default=0, ge=0)
    model_control_mode: Literal["none", "poll", "explicit"] = Field(
        default="none",
        description="Triton's --model-control-mode: 'poll' loads and unloads models and "
        "versions as the repository changes (every repository_poll_s seconds).",
    )
    repository_poll_s: int = Field(default=1, ge=1, description="Triton's --repository-poll-secs.")

    @property
    def resolved_log_file(self) -> Path:
        return self.log_file or self.work_dir / "tritonserver.log"
