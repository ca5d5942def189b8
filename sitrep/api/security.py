"""Who may write or read in bulk, and how much anyone may send: bearer tokens and the body cap."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep.api.errors import ApiError, error_response

__all__ = ["BodyLimit", "read_guard", "token_guard"]

_WITH_BODY = {"POST", "PUT", "PATCH"}


def _bearer_is(request: Request, token: str) -> bool:
    """Whether the request carries ``Authorization: Bearer <token>``, compared in constant time."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def token_guard(token: str | None) -> Callable[[Request], None]:
    """A dependency that lets a write through only with ``Authorization: Bearer <token>``.

    With no token configured writes are off (403) rather than open: a server started without
    thinking about it must not accept reports from anyone who can reach it. A missing or wrong
    token is 401. Tokens are compared in constant time.
    """

    def require_token(request: Request) -> None:
        if token is None:
            raise ApiError(403, "writes are switched off: start the server with SITREP_API_TOKEN")
        if not _bearer_is(request, token):
            raise ApiError(
                401,
                "send Authorization: Bearer <token> with the server's SITREP_API_TOKEN",
                {"WWW-Authenticate": "Bearer"},
            )

    return require_token


def read_guard(read_token: str | None, write_token: str | None) -> Callable[[Request], None]:
    """A dependency for the bulk reads (the map's points, exports): open when no read token is
    configured; otherwise ``Authorization: Bearer`` with the read token (or the write token,
    which may do more) is needed, and anything else is 401."""

    def require_read_token(request: Request) -> None:
        if read_token is None:
            return
        # both compared, so the time taken says nothing of which token was offered
        matched = [_bearer_is(request, token) for token in (read_token, write_token) if token]
        if not any(matched):
            raise ApiError(
                401,
                "send Authorization: Bearer <token> with the server's SITREP_READ_TOKEN",
                {"WWW-Authenticate": "Bearer"},
            )

    return require_read_token


class BodyLimit:
    """ASGI middleware that answers 413 to a request body over ``max_bytes``.

    A declared Content-Length over the cap is refused before anything is read; a chunked body
    is read up to one byte past the cap, then refused or replayed to the app. The body is held
    in memory, which the cap keeps small.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WITH_BODY:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            f"request body over {self.max_bytes} bytes; raise SITREP_MAX_BODY_BYTES to allow it",
        )
        await response(scope, receive, send)
