"""Domain errors. Each carries its HTTP status; one handler renders them as problem+json.

Errors know nothing of HTTP bodies: a fault of one item of a request names the item by its list
(`field`, in the service's words: images, texts, labels, inputs, outputs) and its index. Each
route maps those to its own body location (`api/locations.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemError:
    """A fault of one item of a request: the `index`-th of the list `field` (None: the list,
    or a single item given without a list), at `path` inside that item (e.g. ``("shape", 0)``)."""

    field: str
    index: int | None
    msg: str
    path: tuple[str | int, ...] = ()


class GatewayError(Exception):
    """Base class. Subclasses set `status`, `title` and `slug` (the problem type's last part)."""

    status: int = 500
    title: str = "Internal error"
    slug: str = "internal"

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[ItemError] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})


class BadRequest(GatewayError):
    """The request is well-formed but asks for something this route cannot do, e.g. a model of
    another task."""

    status, title, slug = 400, "Bad request", "bad-request"


class Unauthorized(GatewayError):
    """The gateway has API keys and the request carried none, or a wrong one: send `X-API-Key:
    <key>` or `Authorization: Bearer <key>`."""

    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="inferstack"'})


class NotFound(GatewayError):
    """Nothing is served at this name."""

    status, title, slug = 404, "Not found", "not-found"


class ModelNotFound(NotFound):
    """The model is not in the catalog Triton serves; `GET /v1/models` lists the served ones."""

    title, slug = "Model not found", "model-not-found"


class VersionNotFound(NotFound):
    """The model has no such version, or it is not ready; `GET /v1/models/{model}` lists its
    versions and their state."""

    title, slug = "Model version not found", "version-not-found"


class PayloadTooLarge(GatewayError):
    """The request is over one of the gateway's limits (body bytes, images, texts, labels, tokens,
    tensor elements, image pixels); `detail` names the limit."""

    status, title, slug = 413, "Payload too large", "payload-too-large"


class UnsupportedMediaType(GatewayError):
    """The body's media type, or an image's format, is not one this route accepts; `detail` names
    the accepted ones."""

    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


class InvalidInput(GatewayError):
    """The request is valid JSON of the documented shape, but some part cannot be used (an image
    that does not decode, a tensor that does not fit the model, ...); `errors` point at each
    part."""

    status, title, slug = 422, "Invalid input", "invalid-input"


class TritonUnavailable(GatewayError):
    """Triton cannot be reached or failed the call; retry after `Retry-After` seconds."""

    status, title, slug = 503, "Inference server unavailable", "triton-unavailable"

    def __init__(self, detail: str, *, retry_after_s: int = 5) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_s)})


class Overloaded(GatewayError):
    """The gateway's own limit of requests in flight, or Triton's queue, is full: retry later."""

    status, title, slug = 503, "Overloaded", "overloaded"

    def __init__(self, detail: str, *, retry_after_s: int = 1) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_s)})


class DeadlineExceeded(GatewayError):
    """Triton did not answer within the gateway's deadline (`GATEWAY_TRITON_TIMEOUT_S`)."""

    status, title, slug = 504, "Inference deadline exceeded", "deadline-exceeded"


class PredictionLogUnavailable(GatewayError):
    status, title, slug = 503, "Prediction log unavailable", "prediction-log-unavailable"

    def __init__(self, detail: str, *, retry_after_s: int = 5) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_s)})
