"""The problem types the gateway answers with, documented at their own URIs.

A problem's `type` is `/problems/<slug>`: a reference relative to the gateway, which serves the
type's documentation there (RFC 9457 3.1.1: a type URI should resolve to human-readable
documentation). A problem that is no more than its HTTP status (an unknown path, a method the
path does not take) has `type` `about:blank` and the status phrase as its title (RFC 9457 4.2.1).

The registry is built from the domain errors themselves (each subclass of `GatewayError` is one
type; its docstring is the description), plus the two types the HTTP layer adds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from inferstack_gateway.errors import GatewayError
from inferstack_schemas import PROBLEM_TYPES_PATH, ProblemType

VALIDATION_SLUG = "validation-error"
INTERNAL_SLUG = "internal"

_HTTP_LAYER = (
    ProblemType(
        type=f"{PROBLEM_TYPES_PATH}/{VALIDATION_SLUG}",
        title="Invalid request",
        status=422,
        description="The request does not match the operation's documented schema (a missing or "
        "mistyped field, a value out of range, a body that is not JSON); `errors` point at "
        "each fault, `loc` a path into the request (e.g. ['body', 'input', 0]).",
    ),
    ProblemType(
        type=f"{PROBLEM_TYPES_PATH}/{INTERNAL_SLUG}",
        title="Internal error",
        status=500,
        description="The gateway failed in a way it does not expect; its log has the details "
        "under the answer's request id. Please report it.",
    ),
)


def type_uri(slug: str) -> str:
    """The `type` of a problem of this slug."""
    return f"{PROBLEM_TYPES_PATH}/{slug}"


def _error_classes(base: type[GatewayError] = GatewayError) -> Iterator[type[GatewayError]]:
    for cls in base.__subclasses__():
        yield cls
        yield from _error_classes(cls)


def _describe(cls: type[GatewayError]) -> str:
    return " ".join((cls.__doc__ or cls.title).split())


def _registry() -> Mapping[str, ProblemType]:
    types = {t.type.rsplit("/", 1)[1]: t for t in _HTTP_LAYER}
    for cls in _error_classes():
        if cls.slug in types:
            continue  # a subclass that only refines its parent's message
        types[cls.slug] = ProblemType(
            type=type_uri(cls.slug), title=cls.title, status=cls.status, description=_describe(cls)
        )
    return dict(sorted(types.items()))


#: Every problem type by slug.
PROBLEM_TYPES: Mapping[str, ProblemType] = _registry()
