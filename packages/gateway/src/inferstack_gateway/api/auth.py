"""Optional API keys for the /v1 routes: `X-API-Key: <key>` or `Authorization: Bearer <key>`."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from inferstack_gateway.api.deps import gateway_state
from inferstack_gateway.errors import Unauthorized

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKey")
_bearer = HTTPBearer(auto_error=False, scheme_name="Bearer")


def _matches_any(candidate: str, keys: tuple[str, ...]) -> bool:
    """Constant-time against every configured key, so timing reveals neither key nor position."""
    given = candidate.encode()
    found = False
    for key in keys:
        found |= hmac.compare_digest(given, key.encode())
    return found


async def require_api_key(
    request: Request,
    api_key: Annotated[str | None, Depends(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    keys = gateway_state(request).api_keys
    if not keys:
        return
    candidate = api_key or (bearer.credentials if bearer else None)
    if not candidate:
        raise Unauthorized("an API key is required: send X-API-Key or Authorization: Bearer")
    if not _matches_any(candidate, keys):
        raise Unauthorized("the API key is not valid")
