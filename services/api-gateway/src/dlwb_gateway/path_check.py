"""Refuse, before any route or service sees it, an /api/v1 path whose segments no id can match."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from dlwb_gateway.routing import GATEWAY_SEGMENTS, PATH_SEGMENT, invalid_segment, owner_of, segments
from dlwb_service_kit.errors import error_response


class PathCheck:
    """ASGI middleware: a 422 ``request.invalid_path`` naming the rule. Paths with dot segments are left
    to routing (a 404), as are paths outside /api/v1 (the SPA, health)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            decoded = scope.get("path", "")
            raw = scope.get("raw_path", b"").decode("latin-1") or decoded
            dot_segments = any(part in (".", "..") for part in segments(decoded))
            bad = None if dot_segments else invalid_segment(raw)
            if bad is not None and (owner_of(decoded) or segments(decoded)[0] in GATEWAY_SEGMENTS):
                response = error_response(422, "request.invalid_path",
                                          f"the path segment '{bad[:40]}' is not a valid id: use at most 128 of "
                                          f"A-Z a-z 0-9 . _ ~ - ({PATH_SEGMENT.pattern})")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
