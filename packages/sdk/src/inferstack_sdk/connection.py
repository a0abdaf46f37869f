"""Where the gateway is and how to reach it, and the generated client made from that."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, cast

import httpx

from inferstack_client import AuthenticatedClient, Client

DEFAULT_GATEWAY_URL = "http://127.0.0.1:8080"

#: How the API key travels: `X-API-Key: <key>`, or `Authorization: Bearer <key>`. The gateway
#: accepts either.
KeyHeader = Literal["X-API-Key", "Authorization"]


@dataclass(frozen=True)
class Hints:
    """What an error message tells a person to do, in the terms of the program they run.

    The UI says `set UI_API_KEY`, a script says `pass --api-key`; each message of a
    `GatewayError` ends with the hint for its kind.
    """

    #: After "The gateway at URL is unreachable (why).".
    unreachable: str = "Is it running?"
    #: After "The gateway at URL did not answer within N s.".
    timeout: str = "It may be overloaded, or Triton may be slow; try again."
    #: The same after a quick call (health, catalog, metrics); None: `timeout`.
    probe_timeout: str | None = None
    #: Inside "API key missing or wrong (...).".
    api_key: str = "check the API key"
    #: Who cannot read an unexpected answer: "The gateway at URL gave an answer {reader} cannot
    #: read".
    reader: str = "this client"


@dataclass(frozen=True)
class GatewayConfig:
    """How to reach one gateway.

    `url` is the gateway's base URL (a trailing slash is ignored). `api_key`: None or empty sends
    no key. `timeout_s`: seconds one inference call may take (connect, send, wait and read each).
    `probe_timeout_s`: the same for the quick calls that never run a model (liveness, readiness,
    catalog, metrics), so that a gateway that accepts connections but never answers is known
    for what it is in seconds, not after an inference timeout. `max_connections`: the
    connection pool's size; None keeps httpx's default (100).
    """

    url: str = DEFAULT_GATEWAY_URL
    api_key: str | None = None
    key_header: KeyHeader = "X-API-Key"
    timeout_s: float = 30.0
    probe_timeout_s: float = 2.0
    max_connections: int | None = None
    hints: Hints = field(default_factory=Hints)

    @property
    def base_url(self) -> str:
        """`url` without its trailing slash."""
        return self.url.rstrip("/")


def make_client(config: GatewayConfig, *, timeout_s: float | None = None) -> AuthenticatedClient:
    """The generated client for `config`, sending the API key (when there is one) on every call.

    `timeout_s` replaces `config.timeout_s` (the probe client is made with `probe_timeout_s`).
    """
    timeout = httpx.Timeout(config.timeout_s if timeout_s is None else timeout_s)
    httpx_args: dict[str, object] = {}
    if config.max_connections is not None:
        httpx_args["limits"] = httpx.Limits(
            max_connections=config.max_connections,
            max_keepalive_connections=config.max_connections,
        )
    if config.api_key:
        return AuthenticatedClient(
            base_url=config.base_url,
            token=config.api_key,
            prefix="Bearer" if config.key_header == "Authorization" else "",
            auth_header_name=config.key_header,
            timeout=timeout,
            httpx_args=httpx_args,
        )
    # No key: a plain Client, cast. The generated functions of the /v1 and /v2 operations are
    # typed to take an AuthenticatedClient because those operations declare (optional)
    # security schemes (openapi-python-client issue #1372), yet they only call
    # `get_httpx_client()`, which a plain Client has too. This is the one place that does it.
    plain = Client(base_url=config.base_url, timeout=timeout, httpx_args=httpx_args)
    return cast(AuthenticatedClient, plain)
