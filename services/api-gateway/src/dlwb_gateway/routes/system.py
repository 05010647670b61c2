from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.api.common import Schema

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class TokenCheck(Schema):
    ok: bool


@router.get("/check", response_model=TokenCheck)
async def check_token() -> TokenCheck:
    """Answers 200 when the bearer token is valid (the SPA's login uses this)."""
    return TokenCheck(ok=True)
