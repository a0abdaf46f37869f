"""Why a call to the gateway gave no result, as a value: `GatewayError`.

The gateway answers every error as an RFC 9457 problem (`application/problem+json`) whose
`errors` list each fault with a `loc`. A fault whose `loc` is `["body", <field>, i, ...]`, with
`<field>` one of the request's lists (`images`, `files`, `texts`, `input`, `labels`), belongs to
item `i` of that list (0-based); `GatewayError.per_item` gives them by index.

Messages for a person count items from 1: the gateway's own wording, zero-based like the JSON it
describes ("texts[1] is empty", "repeats label 0"), is rewritten in `message` and `details`
("text 2 is empty", "repeats label 1"); `detail` keeps the gateway's words.

Everything that can happen on the way (no connection, no answer in time, a problem, a status or
body the API does not document) becomes one `GatewayError`; nothing here raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Any, Literal

import httpx

from inferstack_client.models import OpenAIProblem, OpenInferenceProblem, Problem
from inferstack_client.types import Response
from inferstack_sdk.connection import GatewayConfig

#: unreachable: no connection (refused, reset, DNS). timeout: no answer within the timeout.
#: unauthorized: 401, the API key is missing or wrong. http: any other error status.
#: unexpected: an answer that cannot be read (not the JSON the API documents, or incomplete).
ErrorKind = Literal["unreachable", "timeout", "unauthorized", "http", "unexpected"]

#: The problem bodies the API documents: the plain one, and those that also carry a protocol's
#: own `error` member (OpenAI-shaped routes, /v2 routes). All three have the problem's fields.
AnyProblem = Problem | OpenAIProblem | OpenInferenceProblem

#: The request fields that are lists of items, and what one item is called in a message.
ITEM_FIELDS: Mapping[str, str] = {
    "images": "image",
    "files": "file",
    "texts": "text",
    "input": "text",
    "labels": "label",
}


@dataclass(frozen=True)
class ItemFault:
    """One fault the gateway pinned on one item of a list in the request."""

    field: str  # "images", "files", "texts", "input" or "labels"
    index: int  # 0-based position in that list
    message: str  # the gateway's `msg`


@dataclass(frozen=True)
class GatewayError:
    """Why a call gave no result, said for a person, with the facts a program needs.

    `message` is one or two sentences for a screen. `line()` is the compact one-line form for
    logs and result files ("HTTP 422 (Invalid input): ..."). `status` is the HTTP status when
    there was an answer; `title` and `detail` are the problem's (for an answer that is not a
    problem: the status phrase and the body's text; for a failed connection: the exception,
    as "ConnectError: ..."). `details` has one line per fault the problem lists, and `faults`
    those that name an item. `retry_after_s` is the answer's `Retry-After` in seconds, if any.
    `attempts` is set when a retry policy gave up: how many times the call was made.
    """

    kind: ErrorKind
    message: str
    status: int | None = None
    title: str | None = None
    detail: str | None = None
    details: tuple[str, ...] = ()
    faults: tuple[ItemFault, ...] = ()
    retry_after_s: float | None = None
    attempts: int | None = None

    def per_item(self, *fields: str) -> dict[int, str]:
        """Item index -> its faults ("; "-joined), for faults in `fields` (default: any list).

        Requests that send one list (images, or files, or texts) read this without arguments;
        pass the fields when a request has two lists (texts and labels).
        """
        named: dict[int, list[str]] = {}
        for fault in self.faults:
            if not fields or fault.field in fields:
                named.setdefault(fault.index, []).append(fault.message)
        return {index: "; ".join(messages) for index, messages in named.items()}

    def reason(self, index: int | None = None, *fields: str) -> str:
        """Why item `index` failed: its own faults when the gateway named it, else `message`."""
        if index is None:
            return self.message
        return self.per_item(*fields).get(index, self.message)

    def for_item(self, index: int, *fields: str) -> GatewayError:
        """This error as item `index` of the request sees it: its own faults, when named."""
        own = self.per_item(*fields).get(index)
        if own is None:
            return self
        mine = tuple(
            f for f in self.faults if f.index == index and (not fields or f.field in fields)
        )
        return replace(self, message=own, detail=own, details=(), faults=mine)

    def line(self) -> str:
        """One line: "HTTP 422 (Invalid input): <detail>", "network error: <exception>", ...

        Whitespace is collapsed, and " (gave up after N attempts)" ends it when retries ran out.
        """
        if self.status is not None:
            text = f"HTTP {self.status} ({self.title}): {self.detail or self.message}"
        elif self.kind in ("unreachable", "timeout"):
            text = f"network error: {self.detail or self.message}"
        elif self.detail is not None:
            text = f"unreadable answer: {self.detail}"
        else:
            text = self.message
        if self.attempts is not None:
            text += f" (gave up after {self.attempts} attempts)"
        return " ".join(text.split())


def from_exception(exc: Exception, config: GatewayConfig, *, probe: bool = False) -> GatewayError:
    """The error for a call that raised: no connection, no answer in time, or an unreadable one.

    `probe`: the call was a quick one (health, catalog, metrics), made under
    `config.probe_timeout_s`.
    """
    url, hints = config.base_url, config.hints
    waited = config.probe_timeout_s if probe else config.timeout_s
    hint = (hints.probe_timeout or hints.timeout) if probe else hints.timeout
    if isinstance(exc, httpx.TimeoutException):
        return GatewayError(
            "timeout",
            f"The gateway at {url} did not answer within {waited:g} s. {hint}",
            detail=describe(exc),
        )
    if isinstance(exc, httpx.TransportError):
        return GatewayError(
            "unreachable",
            f"The gateway at {url} is unreachable ({_short(exc)}). {hints.unreachable}",
            detail=describe(exc),
        )
    return GatewayError(
        "unexpected",
        f"The gateway at {url} gave an answer {hints.reader} cannot read ({_short(exc)}).",
        detail=describe(exc),
    )


def from_response(response: Response[Any], config: GatewayConfig) -> GatewayError:
    """The error for an answer that is not the expected result: a problem or anything else."""
    status = int(response.status_code)
    retry_after = _seconds(response.headers.get("retry-after"))
    parsed = response.parsed
    if isinstance(parsed, Problem | OpenAIProblem | OpenInferenceProblem):
        return _from_problem(parsed, status, retry_after, config)
    text = response.content.decode("utf-8", errors="replace").strip()
    title, detail = _phrase(status), _body_detail(response.content, text)
    if status == 401:
        return _unauthorized(status, title, detail, None, config)
    return GatewayError(
        "http",
        f"The gateway answered HTTP {status}" + (f": {text[:300]}" if text else "."),
        status=status,
        title=title,
        detail=detail,
        retry_after_s=retry_after,
    )


def _from_problem(
    problem: AnyProblem, status: int, retry_after: float | None, config: GatewayConfig
) -> GatewayError:
    details: list[str] = []
    faults: list[ItemFault] = []
    for item in problem.errors or []:  # `errors` may be Unset: falsy
        fault = _item_fault(item.loc, item.msg)
        if fault is not None:
            faults.append(fault)
            details.append(
                f"{ITEM_FIELDS[fault.field]} {fault.index + 1}: {counted_from_one(item.msg)}"
            )
        else:
            where = ".".join(str(part) for part in item.loc if part != "body")
            said = counted_from_one(item.msg)
            details.append(f"{where}: {said}" if where else said)
    if status == 401:
        return _unauthorized(status, problem.title, problem.detail, problem.detail, config)
    return GatewayError(
        "http",
        f"{problem.title} (HTTP {status}): {counted_from_one(problem.detail)}",
        status=status,
        title=problem.title,
        detail=problem.detail,
        details=tuple(details),
        faults=tuple(faults),
        retry_after_s=retry_after,
    )


_INDEXED = re.compile(r"\b(" + "|".join(ITEM_FIELDS) + r")\[(\d+)\]")
_REPEATS = re.compile(r"\brepeats (" + "|".join(set(ITEM_FIELDS.values())) + r") (\d+)\b")


def counted_from_one(text: str) -> str:
    """The gateway's zero-based item references, counted from 1 for a person.

    "texts[1] is empty" -> "text 2 is empty"; "repeats label 0" -> "repeats label 1".
    """
    text = _INDEXED.sub(lambda m: f"{ITEM_FIELDS[m[1]]} {int(m[2]) + 1}", text)
    return _REPEATS.sub(lambda m: f"repeats {m[1]} {int(m[2]) + 1}", text)


def _item_fault(loc: Sequence[int | str], message: str) -> ItemFault | None:
    if len(loc) >= 3 and loc[0] == "body" and loc[1] in ITEM_FIELDS and isinstance(loc[2], int):
        return ItemFault(str(loc[1]), loc[2], message)
    return None


def _unauthorized(
    status: int, title: str, detail: str, said: str | None, config: GatewayConfig
) -> GatewayError:
    why = f" The gateway says: {said}" if said else ""
    return GatewayError(
        "unauthorized",
        f"API key missing or wrong ({config.hints.api_key}).{why}",
        status=status,
        title=title,
        detail=detail,
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "unknown status"


def _body_detail(content: bytes, text: str) -> str:
    """What an undocumented answer's body says: its JSON `detail`, else its text."""
    try:
        body = json.loads(content)
    except ValueError:
        return text[:300] or "(empty body)"
    return str(body.get("detail") or body) if isinstance(body, dict) else str(body)


def _seconds(value: str | None) -> float | None:
    """A `Retry-After` in seconds; None when absent or an HTTP date."""
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def describe(exc: BaseException) -> str:
    """An exception as "TypeName: text" (or the type name alone), for logs and result files."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
