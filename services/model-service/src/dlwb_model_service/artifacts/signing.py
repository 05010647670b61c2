"""Signed, expiring artifact URLs: agents download with these instead of an API token."""

from __future__ import annotations

import hashlib
import hmac
import time

from dlwb_common.errors import DlwbError


class BadSignatureError(DlwbError):
    code = "artifact.bad_signature"
    status = 403


def signature(key: bytes, sha256: str, expires: int) -> str:
    return hmac.new(key, f"{sha256}:{expires}".encode(), hashlib.sha256).hexdigest()


def signed_url(key: bytes, base_url: str, sha256: str, ttl_seconds: int) -> str:
    expires = int(time.time()) + ttl_seconds
    return f"{base_url.rstrip('/')}/api/v1/artifacts/{sha256}?expires={expires}&sig={signature(key, sha256, expires)}"


def verify(key: bytes, sha256: str, expires: int, sig: str) -> None:
    if expires < time.time():
        raise BadSignatureError("the artifact link has expired", code="artifact.link_expired")
    if not hmac.compare_digest(signature(key, sha256, expires), sig):
        raise BadSignatureError("the artifact link signature is invalid")
