"""RFC 9457 problem details, the one error body of every operation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemItem(BaseModel):
    """One thing wrong with the request, pointing at where it is."""

    model_config = ConfigDict(extra="forbid")

    loc: list[str | int] = Field(
        description="Path to the offending part of the request, e.g. ['body', 'images', 2].",
        examples=[["body", "images", 2]],
    )
    msg: str = Field(description="What is wrong there.", examples=["not a decodable image"])


class Problem(BaseModel):
    """An error answer (RFC 9457), served as `application/problem+json`."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(
        description="URI identifying the problem type.",
        examples=["https://inferstack.dev/problems/invalid-input"],
    )
    title: str = Field(description="Short summary of the problem type.", examples=["Invalid input"])
    status: int = Field(description="The HTTP status code.", ge=400, le=599, examples=[422])
    detail: str = Field(
        description="What went wrong with this request, for a person.",
        examples=["image 2 is not a decodable image"],
    )
    instance: str = Field(description="The request path.", examples=["/v1/image-classification"])
    request_id: str = Field(
        description="The request id, also sent in the X-Request-ID header.",
        examples=["9f1c2a7e4b5d4e7f8a9b0c1d2e3f4a5b"],
    )
    errors: list[ProblemItem] = Field(
        default_factory=list, description="Each thing wrong with the request, when known."
    )
