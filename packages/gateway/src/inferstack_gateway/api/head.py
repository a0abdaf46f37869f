"""HEAD on every GET route (RFC 9110 9.3.2): the GET answer's status and headers, no body.

Uptime monitors and load balancers probe with HEAD. FastAPI routes only take the methods they
declare, so HEAD is answered here for all of them at once: the request is routed as a GET, and
the body of the answer is dropped on the way out (its Content-Length kept, as RFC 9110 allows).
The OpenAPI document does not list HEAD operations; HEAD is implied by GET.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """Pure ASGI middleware: HEAD becomes GET for the app, and the answer loses its body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        scope["method"] = "GET"
        try:
            await self.app(scope, receive, without_body)
        finally:
            scope["method"] = "HEAD"  # the middleware outside labels the request with HEAD
