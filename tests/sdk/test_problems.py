"""problems: the gateway's real problems (and answers it does not document) as GatewayError."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

import httpx
import pytest

from inferstack_client.models import Problem
from inferstack_client.types import Response
from inferstack_sdk import GatewayConfig, GatewayError, Hints, ItemFault
from inferstack_sdk.problems import counted_from_one, from_exception, from_response
from inferstack_tools.launcher.gateway import GatewayServer
from tests.digit_images import b64, held_out, render

CONFIG = GatewayConfig("http://gateway.test", timeout_s=2, hints=Hints(api_key="use -k"))
NOT_AN_IMAGE = b"\x89PNG\r\n\x1a\n" + b"garbage" * 10


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> Response[Any]:
    """What the generated client returns for an answer of `status` (parsed as it parses)."""
    parsed = None
    if headers and headers.get("content-type") == "application/problem+json":
        parsed = Problem.from_dict(json.loads(body))
    return Response(
        status_code=HTTPStatus(status),
        content=body,
        headers=httpx.Headers(headers or {}),
        parsed=parsed,
    )


def problem(status: int, errors: list[dict[str, Any]]) -> Response[Any]:
    body = {
        "type": "/problems/x",
        "title": "Invalid input",
        "status": status,
        "detail": "2 faults",
        "instance": "/v1/x",
        "request_id": "r",
        "errors": errors,
    }
    headers = {"content-type": "application/problem+json", "retry-after": "3"}
    return answer(status, json.dumps(body).encode(), headers)


def test_a_real_problem_names_the_bad_image(gateway_server: GatewayServer) -> None:
    good = b64(render(held_out().images[0]))
    body = {"images": [{"data": good}, {"data": b64(NOT_AN_IMAGE)}], "top_k": 1}
    raw = httpx.post(f"{gateway_server.url}/v1/image-classification", json=body)
    error = from_response(answer(raw.status_code, raw.content, dict(raw.headers)), CONFIG)
    assert error.kind == "http"
    assert error.status == 422
    assert set(error.per_item()) == {1}
    assert "not a decodable image" in error.per_item()[1]
    assert any(d.startswith("image 2: ") for d in error.details)
    assert error.message.startswith(f"{error.title} (HTTP 422): ")
    assert error.reason(0) == error.message, "image 0 was fine: the request's reason"
    assert error.reason(1) == error.per_item()[1]
    assert error.line().startswith(f"HTTP 422 ({error.title}): ")


def test_the_multipart_route_names_the_bad_file(gateway_server: GatewayServer) -> None:
    files = [
        ("files", ("a.png", render(held_out().images[0]), "image/png")),
        ("files", ("b.png", NOT_AN_IMAGE, "image/png")),
    ]
    raw = httpx.post(f"{gateway_server.url}/v1/image-classification/upload", files=files)
    error = from_response(answer(raw.status_code, raw.content, dict(raw.headers)), CONFIG)
    assert error.status == 422
    # The route names the file at ["body", "images", 1] today, ["body", "files", 1] soon: both.
    assert set(error.per_item("images", "files")) == {1}


def test_messages_count_items_from_one(gateway_server: GatewayServer) -> None:
    url = f"{gateway_server.url}/v1/text-classification"
    texts = {"texts": ["fine", "  "], "labels": ["sports", "politics"]}
    raw = httpx.post(url, json=texts)
    error = from_response(answer(raw.status_code, raw.content, dict(raw.headers)), CONFIG)
    assert error.status == 422
    assert set(error.per_item("texts")) == {1}
    assert "texts.1" in (error.detail or ""), "the gateway counts from 0, like JSON"
    assert error.details == ("text 2: String should match pattern '\\S'",), "people from 1"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("2 texts cannot be used: texts[1] is empty", "2 texts cannot be used: text 2 is empty"),
        ("repeats label 0", "repeats label 1"),
        ("images[0] and files[11]", "image 1 and file 12"),
        ("labels must be distinct", "labels must be distinct"),
    ],
)
def test_counted_from_one(said: str, meant: str) -> None:
    assert counted_from_one(said) == meant


def test_every_list_field_is_read_by_index() -> None:
    error = from_response(
        problem(
            422,
            [
                {"loc": ["body", "files", 0], "msg": "empty"},
                {"loc": ["body", "texts", 2, "len"], "msg": "too long"},
                {"loc": ["body", "input", 1], "msg": "blank"},
                {"loc": ["body", "labels", 2], "msg": "duplicate"},
                {"loc": ["body", "images", 0], "msg": "corrupt"},
                {"loc": ["body", "images", 0], "msg": "too large"},
                {"loc": ["body", "top_k"], "msg": "too big"},
                {"loc": ["query", "x", 1], "msg": "not a body list"},
            ],
        ),
        CONFIG,
    )
    assert error.faults[:2] == (ItemFault("files", 0, "empty"), ItemFault("texts", 2, "too long"))
    assert error.per_item("texts") == {2: "too long"}
    assert error.per_item("labels") == {2: "duplicate"}
    assert error.per_item("input") == {1: "blank"}
    assert error.per_item("images", "files") == {0: "empty; corrupt; too large"}
    assert error.details == (
        "file 1: empty",
        "text 3: too long",
        "text 2: blank",
        "label 3: duplicate",
        "image 1: corrupt",
        "image 1: too large",
        "top_k: too big",
        "query.x.1: not a body list",
    )
    assert error.retry_after_s == 3.0
    mine = error.for_item(0, "images")
    assert (mine.message, mine.detail, mine.details) == (
        "corrupt; too large",
        "corrupt; too large",
        (),
    )
    assert mine.line() == "HTTP 422 (Invalid input): corrupt; too large"
    assert error.for_item(1, "images") is error, "not named: the whole request's error"


def test_a_401_is_unauthorized_with_the_hint() -> None:
    error = from_response(problem(401, []), CONFIG)
    assert error.kind == "unauthorized"
    assert error.message == "API key missing or wrong (use -k). The gateway says: 2 faults"
    bare = from_response(answer(401, b""), CONFIG)
    assert bare.kind == "unauthorized"
    assert bare.message == "API key missing or wrong (use -k)."
    assert bare.line() == "HTTP 401 (Unauthorized): (empty body)"


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        (b"boom", "The gateway answered HTTP 500: boom", "HTTP 500 (Internal Server Error): boom"),
        (b"", "The gateway answered HTTP 500.", "HTTP 500 (Internal Server Error): (empty body)"),
        (
            b'{"detail": "db down"}',
            'The gateway answered HTTP 500: {"detail": "db down"}',
            "HTTP 500 (Internal Server Error): db down",
        ),
    ],
)
def test_an_undocumented_answer_says_what_its_body_says(
    body: bytes, message: str, line: str
) -> None:
    error = from_response(answer(500, body), CONFIG)
    assert (error.kind, error.status, error.message, error.line()) == ("http", 500, message, line)


def test_exceptions() -> None:
    request = httpx.Request("GET", "http://gateway.test/")
    refused = from_exception(httpx.ConnectError("refused", request=request), CONFIG)
    assert refused.kind == "unreachable"
    assert (
        refused.message
        == "The gateway at http://gateway.test is unreachable (refused). Is it running?"
    )
    assert refused.line() == "network error: ConnectError: refused"
    slow = from_exception(httpx.ReadTimeout("timed out", request=request), CONFIG)
    assert slow.kind == "timeout"
    assert slow.message.startswith("The gateway at http://gateway.test did not answer within 2 s.")
    assert slow.line() == "network error: ReadTimeout: timed out"
    odd = from_exception(ValueError("Expecting value"), CONFIG)
    assert odd.kind == "unexpected"
    assert odd.message == (
        "The gateway at http://gateway.test gave an answer this client cannot read "
        "(Expecting value)."
    )
    assert odd.line() == "unreadable answer: ValueError: Expecting value"


def test_line_collapses_whitespace_and_counts_attempts() -> None:
    error = GatewayError(
        "http", "m", status=503, title="Unavailable", detail="Triton\n is down", attempts=4
    )
    assert error.line() == "HTTP 503 (Unavailable): Triton is down (gave up after 4 attempts)"
    assert GatewayError("unexpected", "no result for it").line() == "no result for it"
