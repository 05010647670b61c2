"""Every ``/api/v1`` route the gateway does not answer itself: check the token, forward to the owner."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request, Response

from dlwb_common.errors import NotFoundError
from dlwb_gateway.deps import ForwarderDep
from dlwb_gateway.routing import is_public, owner_of
from dlwb_service_kit.auth import require_token
from dlwb_service_kit.errors import allowed_methods, method_not_allowed

# Every method goes to the owner, which knows which ones the resource allows (its 405 lists them in Allow).
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


def proxy_router(token: Callable[[], str]) -> APIRouter:
    """Include it after the gateway's own routes: it answers every other /api/v1 path."""
    router = APIRouter()
    check_token = require_token(token)

    @router.api_route("/api/v1/{path:path}", methods=METHODS, include_in_schema=False)
    async def forward(request: Request, forwarder: ForwarderDep) -> Response:
        owner = owner_of(request.url.path)
        if owner is None and allowed_methods(request):
            return method_not_allowed(request)  # a gateway route (/auth, /jobs) with another method
        if owner is None:
            raise NotFoundError(f"no route {request.url.path}", code="not_found")
        if not is_public(request.method, request.url.path):
            check_token(request)
        return await forwarder.forward(request, owner)

    return router
