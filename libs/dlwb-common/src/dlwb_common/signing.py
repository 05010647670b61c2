"""Signed, expiring links: agents download artifacts and upload results with these instead of an API
token. The signature covers one subject (a sha256, or a calibration's file) and the expiry time."""

from __future__ import annotations

import hashlib
import hmac
import time

from dlwb_common.errors import DlwbError


class BadSignatureError(DlwbError):
    code = "artifact.bad_signature"
    status = 403


def signature(key: bytes, subject: str, expires: int) -> str:
    return hmac.new(key, f"{subject}:{expires}".encode(), hashlib.sha256).hexdigest()


def signed_query(key: bytes, subject: str, ttl_seconds: int) -> str:
    expires = int(time.time()) + ttl_seconds
    return f"expires={expires}&sig={signature(key, subject, expires)}"


def verify(key: bytes, subject: str, expires: int, sig: str) -> None:
    if expires < time.time():
        raise BadSignatureError("the link has expired", code="artifact.link_expired")
    # As bytes: compare_digest refuses a str with non-ASCII characters (a TypeError, a 500 before this).
    if not hmac.compare_digest(signature(key, subject, expires).encode(), sig.encode()):
        raise BadSignatureError("the link signature is invalid")
