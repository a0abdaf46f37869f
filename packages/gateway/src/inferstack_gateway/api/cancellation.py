"""Work for a caller who left is cancelled: when the client disconnects before its answer, the
request's handling (and with it the Triton call, which gRPC then cancels on the server) stops.

uvicorn reports a disconnect as an `http.disconnect` message on `receive`, once the body has been
read. A watcher waits for it while the request is handled; the cancelled request is recorded as
status 499 (client closed request), as nginx names it.
"""

from __future__ import annotations

import asyncio
import contextlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CLIENT_CLOSED = 499


class CancelOnDisconnect:
    """Pure ASGI middleware for inference requests (POST)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        handler = asyncio.current_task()
        body_read = asyncio.Event()
        answered = False
        left = False

        async def tracked_receive() -> Message:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read.set()
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                answered = True
            await send(message)

        async def watch() -> None:
            nonlocal left
            await body_read.wait()
            message = await receive()
            if message["type"] == "http.disconnect" and not answered and handler is not None:
                left = True
                handler.cancel()

        watcher = asyncio.create_task(watch())
        try:
            await self.app(scope, tracked_receive, tracked_send)
        except asyncio.CancelledError:
            if not left or handler is None:
                raise
            handler.uncancel()
            scope.setdefault("state", {})["status"] = CLIENT_CLOSED
        finally:
            if answered and body_read.is_set():
                # ASGI has a `receive` called after the answer return `http.disconnect`, so the
                # watcher ends by itself within a loop iteration: cheaper than cancelling it
                # (a CancelledError raised, caught and kept on the task).
                await watcher
            else:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
