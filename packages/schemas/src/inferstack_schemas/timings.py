"""Where the time of one request went."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Timings(BaseModel):
    """Per-stage wall time inside the gateway, in milliseconds."""

    preprocess_ms: float = Field(ge=0, examples=[0.8])
    inference_ms: float = Field(ge=0, description="The Triton call, network included.")
    postprocess_ms: float = Field(ge=0, examples=[0.05])
    total_ms: float = Field(ge=0, description="From request received to response built.")
