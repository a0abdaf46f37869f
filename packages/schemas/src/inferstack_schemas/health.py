"""Liveness and readiness bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from inferstack_schemas.predictions import PredictionLogHealth


class Liveness(BaseModel):
    """The gateway process is up. Says nothing about Triton."""

    status: Literal["ok"] = "ok"


class ModelReadiness(BaseModel):
    """Readiness of one model that Triton serves."""

    name: str = Field(examples=["digits"])
    ready: bool = Field(description="At least one version is ready.")
    ready_versions: list[str] = Field(examples=[["1", "2"]])


class Readiness(BaseModel):
    """Whether the gateway can serve inference now: Triton is live and every model is ready."""

    status: Literal["ready", "not_ready"] = Field(examples=["ready"])
    triton: Literal["ready", "not_ready", "unreachable"] = Field(
        description="Triton's own readiness as the gateway sees it."
    )
    models: list[ModelReadiness] = Field(default_factory=list)
    reason: str | None = Field(
        default=None,
        description="Why the gateway is not ready, when it is not.",
        examples=["Triton is unreachable at localhost:8001"],
    )
    prediction_log: PredictionLogHealth | None = Field(
        default=None,
        description="The prediction log: `degraded` while it cannot write (requests are still "
        "served, and the gateway stays ready).",
    )
