"""Optional API keys for the /v1 routes: `X-API-Key: <key>` or `Authorization: Bearer <key>`."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from inferstack_gateway.api.deps import gateway_state
from inferstack_gateway.errors import Unauthorized

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey")
_bearer = HTTPBearer(auto_error=False, scheme_name="Bearer")


def _match(candidate: str, keys: tuple[str, ...]) -> int:
    """The position of the key that matches (-1: none). Constant-time against every configured
    key, so timing reveals neither key nor position."""
    given = candidate.encode()
    found = -1
    for position, key in enumerate(keys):
        if hmac.compare_digest(given, key.encode()):
            found = position
    return found


def caller_id(key: str) -> str:
    """How the prediction log names the caller with this key: never the key itself."""
    return "key:" + hashlib.sha256(key.encode()).hexdigest()[:12]


async def require_api_key(
    request: Request,
    api_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    state = gateway_state(request)
    keys = state.api_keys
    if not keys:
        return
    candidate = api_key or (bearer.credentials if bearer else None)
    if not candidate:
        raise Unauthorized("an API key is required: send X-API-Key or Authorization: Bearer")
    position = _match(candidate, keys)
    if position < 0:
        raise Unauthorized("the API key is not valid")
    request.state.caller = state.callers[position]
