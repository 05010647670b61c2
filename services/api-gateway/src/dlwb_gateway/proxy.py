"""Every ``/api/v1`` route the gateway does not answer itself: check the token, forward to the owner."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fastapi import APIRouter, Request, Response
from starlette.routing import BaseRoute

from dlwb_common.errors import NotFoundError
from dlwb_gateway.deps import ForwarderDep
from dlwb_gateway.routing import is_public, owner_of
from dlwb_service_kit.auth import require_token
from dlwb_service_kit.errors import allowed_methods, method_not_allowed

# Forwarded as they come: the owner knows which methods a resource allows (its 405 lists them in Allow).
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


def proxy_router(token: Callable[[], str], own_routes: Sequence[BaseRoute]) -> APIRouter:
    """Include it after the gateway's own routes (``own_routes``): it answers every other /api/v1 path, and
    a method those routes do not allow on their paths with a 405."""
    router = APIRouter()
    check_token = require_token(token)

    @router.api_route("/api/v1/{path:path}", methods=METHODS, include_in_schema=False)
    async def forward(request: Request, forwarder: ForwarderDep) -> Response:
        owner = owner_of(request.url.path)
        if owner is None and allowed_methods(own_routes, request.scope):
            return method_not_allowed(request, own_routes)
        if owner is None:
            raise NotFoundError(f"no route {request.url.path}", code="not_found")
        if not is_public(request.method, request.url.path):
            check_token(request)
        return await forwarder.forward(request, owner)

    return router
