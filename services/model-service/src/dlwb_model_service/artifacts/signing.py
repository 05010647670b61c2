"""Signed, expiring artifact URLs (see dlwb_common.signing): agents download with these."""

from __future__ import annotations

from dlwb_common.signing import BadSignatureError, signed_query, verify

__all__ = ["BadSignatureError", "signed_url", "verify"]


def signed_url(key: bytes, base_url: str, sha256: str, ttl_seconds: int) -> str:
    return f"{base_url.rstrip('/')}/api/v1/artifacts/{sha256}?{signed_query(key, sha256, ttl_seconds)}"
