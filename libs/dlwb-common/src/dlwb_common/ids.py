"""Identifiers: short random ids with a readable prefix naming the resource and its owner."""

from __future__ import annotations

import secrets


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(8)}"
