"""RFC 9457 problem details, the one error body of every operation.

Every error is a `Problem` (`application/problem+json`). Where a route speaks another protocol
whose clients read their own error member, the problem carries that member too, as an RFC 9457
extension member, so one body serves both readers:

- `/v2` routes (the Open Inference Protocol): `OpenInferenceProblem`, with the protocol's
  `error` string (what `tritonclient` and KServe clients print);
- OpenAI-shaped routes (`/v1/embeddings`): `OpenAIProblem`, with OpenAI's `error` object
  (`message`, `type`, `param`, `code`; what the `openai` SDK reads).

`type` is a URI reference the gateway controls: `/problems/<slug>`, relative to the gateway
(GET it for the type's documentation), or `about:blank` for a plain HTTP status (RFC 9457 4.2.1).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PROBLEM_MEDIA_TYPE = "application/problem+json"
#: Where the gateway documents its problem types: `PROBLEM_TYPES_PATH + "/" + slug`.
PROBLEM_TYPES_PATH = "/problems"
#: RFC 9457's type for a problem that is only its HTTP status.
ABOUT_BLANK = "about:blank"


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
        description="URI reference identifying the problem type: `/problems/<slug>`, relative "
        "to the gateway, where GET returns its documentation; or `about:blank` when the problem "
        "is no more than its HTTP status.",
        examples=["/problems/invalid-input"],
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


class OpenInferenceProblem(Problem):
    """A problem on a `/v2` route: also the Open Inference Protocol's error object."""

    error: str = Field(
        description="The protocol's error message (the same text as `detail`), which v2 clients "
        "such as tritonclient read.",
        examples=["model 'nope' is not served (models: digits, minilm)"],
    )


class OpenAIError(BaseModel):
    """OpenAI's error object, as its SDKs read it."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(description="The same text as the problem's `detail`.")
    type: Literal["invalid_request_error", "server_error"] = Field(
        description="`invalid_request_error` for a 4xx, `server_error` for a 5xx."
    )
    param: str | None = Field(
        default=None, description="The request field at fault, when one is.", examples=["input"]
    )
    code: str = Field(
        description="The problem type's slug with underscores.", examples=["model_not_found"]
    )


class OpenAIProblem(Problem):
    """A problem on an OpenAI-shaped route: also OpenAI's `error` object."""

    error: OpenAIError


class ProblemType(BaseModel):
    """The documentation of one problem type, served at its `type` URI."""

    type: str = Field(examples=["/problems/invalid-input"])
    title: str = Field(examples=["Invalid input"])
    status: int = Field(ge=400, le=599, examples=[422])
    description: str = Field(description="When the gateway answers with it, and what to do.")


class ProblemTypeList(BaseModel):
    """Every problem type the gateway answers with (besides `about:blank`)."""

    types: list[ProblemType]
