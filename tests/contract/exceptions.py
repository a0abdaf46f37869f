"""The one list of operations where schemathesis's `positive_data_acceptance` check is off, each
with its reason: semantic checks that no JSON Schema can state, because they depend on the
bytes' meaning, on the served model, or on the operator's limits. Everything else in the
document is stated in it (lengths, patterns, minItems, uniqueItems, strict types), so every
other schema-valid request must be accepted.

Each exception names a schema-valid request that the semantic check refuses, and the answer it
must get; `test_semantic_exceptions.py` sends each one, so an exception listed here is also a
documented, tested behaviour, never a blind spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.digit_images import b64, held_out, render

_NOT_AN_IMAGE = b"GIF89a but not really an image"
_DIGIT = b64(render(held_out().images[0]))


@dataclass(frozen=True)
class Refusal:
    """A schema-valid request and the problem it gets."""

    json: dict[str, Any] | None
    status: int
    slug: str
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass(frozen=True)
class Allowance:
    method: str
    path: str  # as in the OpenAPI document
    reason: str
    refusals: tuple[tuple[str, str, Refusal], ...]  # (what, concrete path, request and answer)
    also: tuple[int, ...] = ()  # statuses of the same kinds the refusals do not show

    @property
    def statuses(self) -> list[int]:
        """The refusal statuses schema-valid data may get here."""
        return sorted({refusal.status for _, _, refusal in self.refusals} | set(self.also))


EXCEPTIONS: tuple[Allowance, ...] = (
    Allowance(
        "POST",
        "/v1/image-classification",
        "Valid base64 is rarely a decodable image (422; 415 for a format not allowed); top_k "
        "may exceed the model's label count; `model` must classify images (400), which the "
        "catalog decides at run time; image size and count limits are the operator's (413).",
        (
            ("not an image", "/v1/image-classification",
             Refusal({"images": [{"data": b64(_NOT_AN_IMAGE)}]}, 422, "invalid-input")),
            ("top_k over the labels", "/v1/image-classification",
             Refusal({"images": [{"data": _DIGIT}], "top_k": 11}, 422, "invalid-input")),
            ("a model of another task", "/v1/image-classification",
             Refusal({"images": [{"data": b64(_NOT_AN_IMAGE)}], "model": "minilm"}, 400,
                     "bad-request")),
        ),
        also=(413, 415),
    ),
    Allowance(
        "POST",
        "/v1/image-classification/upload",
        "Uploaded bytes rarely decode as an image (422; 415 for a format not allowed; 413 over "
        "the operator's limits); top_k may exceed the model's label count; `model` must "
        "classify images (400).",
        (
            ("not an image", "/v1/image-classification/upload",
             Refusal(None, 422, "invalid-input", files={"files": ("x.png", _NOT_AN_IMAGE)})),
            ("a model of another task", "/v1/image-classification/upload",
             Refusal({"model": "minilm"}, 400, "bad-request",
                     files={"files": ("x.png", _NOT_AN_IMAGE)})),
        ),
        also=(413, 415),
    ),
    Allowance(
        "POST",
        "/v1/embeddings",
        "`dimensions` must be the served model's own length, and `model` a text model, which "
        "the catalog decides at run time; text, token and count limits are the operator's.",
        (
            ("other dimensions", "/v1/embeddings",
             Refusal({"input": "x", "dimensions": 2}, 422, "invalid-input")),
            ("a model of another task", "/v1/embeddings",
             Refusal({"input": "x", "model": "digits"}, 400, "bad-request")),
        ),
        also=(413,),
    ),
    Allowance(
        "POST",
        "/v1/text-classification",
        "`model` must be a text model, which the catalog decides at run time; text, label and "
        "token limits are the operator's.",
        (
            ("a model of another task", "/v1/text-classification",
             Refusal({"texts": ["a"], "labels": ["b"], "model": "digits"}, 400, "bad-request")),
        ),
        also=(413,),
    ),
    *(
        Allowance(
            "POST",
            path,
            "Tensor names, datatypes and shapes must be the served model's, which only its "
            "metadata says; the element limit applies to the product of the shapes.",
            (
                ("a tensor the model lacks", concrete,
                 Refusal({"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]},
                         422, "invalid-input")),
                ("a shape over the element limit", concrete,
                 Refusal({"inputs": [{"name": "pixels", "shape": [10**6, 8, 8], "datatype": "FP32",
                                      "data": []}]}, 413, "payload-too-large")),
            ),
        )
        for path, concrete in (
            ("/v2/models/{model}/infer", "/v2/models/digits/infer"),
            ("/v2/models/{model}/versions/{version}/infer", "/v2/models/digits/versions/2/infer"),
        )
    ),
    Allowance(
        "GET",
        "/v1/predictions",
        "A cursor is only valid as a previous page's `next_cursor`, and a time window must end "
        "after it starts; no schema can state either.",
        (
            ("a made-up cursor", "/v1/predictions?cursor=0",
             Refusal(None, 422, "invalid-input")),
            ("a window ending before it starts",
             "/v1/predictions?since=2000-01-02T00:00:00Z&until=2000-01-01T00:00:00Z",
             Refusal(None, 422, "invalid-input")),
        ),
    ),
    Allowance(
        "GET",
        "/v1/predictions/stats",
        "The window must end after it starts, and be cut into a bounded number of buckets.",
        (
            ("an empty window",
             "/v1/predictions/stats?since=2000-01-01T00:00:00Z&until=2000-01-01T00:00:00Z",
             Refusal(None, 422, "invalid-input")),
        ),
    ),
)  # fmt: skip


#: What schemathesis expects of schema-valid data by default (its own list).
_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]
#: Every inference operation (a POST) takes the caller's deadline, `X-Request-Timeout`: a
#: schema-valid one can be too short for any answer (a microsecond), and then 504 is the
#: documented answer, not a server fault (tests/gateway/api/test_deadlines.py shows it).
DEADLINE_STATUS = 504
_NOT_A_SERVER_ERROR = ["2xx", "3xx", "4xx"]


def schemathesis_config() -> str:
    """The schemathesis.toml that lets `positive_data_acceptance` take these operations'
    semantic refusals too (and nothing else: a 400 where only a 422 is listed still fails)."""
    blocks = []
    for e in EXCEPTIONS:
        deadline = [str(DEADLINE_STATUS)] if e.method == "POST" else []
        statuses = ", ".join(f'"{s}"' for s in [*_ACCEPTED, *map(str, e.statuses), *deadline])
        server = ", ".join(f'"{s}"' for s in [*_NOT_A_SERVER_ERROR, *deadline])
        blocks.append(
            f"# {e.method} {e.path}: {e.reason}\n[[operations]]\n"  # (one method per path here)
            f'include-path = "{e.path}"\n'
            f"checks.positive_data_acceptance.expected-statuses = [{statuses}]\n"
            f"checks.not_a_server_error.expected-statuses = [{server}]\n"
        )
    return "\n".join(blocks)
