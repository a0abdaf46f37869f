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
    status, title, slug = 400, "Bad request", "bad-request"


class Unauthorized(GatewayError):
    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="inferstack"'})


class NotFound(GatewayError):
    status, title, slug = 404, "Not found", "not-found"


class ModelNotFound(NotFound):
    title, slug = "Model not found", "model-not-found"


class VersionNotFound(NotFound):
    title, slug = "Model version not found", "version-not-found"


class PayloadTooLarge(GatewayError):
    status, title, slug = 413, "Payload too large", "payload-too-large"


class UnsupportedMediaType(GatewayError):
    status, title, slug = 415, "Unsupported media type", "unsupported-media-type"


class InvalidInput(GatewayError):
    status, title, slug = 422, "Invalid input", "invalid-input"


class TritonUnavailable(GatewayError):
    status, title, slug = 503, "Inference server unavailable", "triton-unavailable"

    def __init__(self, detail: str, *, retry_after_s: int = 5) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_s)})


class DeadlineExceeded(GatewayError):
    status, title, slug = 504, "Inference deadline exceeded", "deadline-exceeded"


class PredictionLogUnavailable(GatewayError):
    status, title, slug = 503, "Prediction log unavailable", "prediction-log-unavailable"

    def __init__(self, detail: str, *, retry_after_s: int = 5) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after_s)})
