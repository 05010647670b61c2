"""Bearer-token checks (constant-time)."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Request

from dlwb_common.errors import DlwbError


class AuthError(DlwbError):
    code = "auth.required"
    status = 401


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


def require_token(expected: Callable[[], str]) -> Callable[[Request], None]:
    """A FastAPI dependency that accepts only ``Authorization: Bearer <expected()>``."""

    def check(request: Request) -> None:
        token = bearer_token(request)
        if token is None:
            raise AuthError("missing bearer token: send 'Authorization: Bearer <token>'")
        if not hmac.compare_digest(token.encode(), expected().encode()):
            raise AuthError("invalid token", code="auth.invalid_token")

    return check
