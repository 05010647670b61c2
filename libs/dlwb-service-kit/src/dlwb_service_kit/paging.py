"""The query parameters of every list route, bounded by what the databases can hold."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

# The largest integer SQLite and PostgreSQL (bigint, OFFSET) accept: a larger skip overflowed in the driver
# (a 500, found by fuzzing).
MAX_DB_INTEGER = 2**63 - 1

Skip = Annotated[int, Query(ge=0, le=MAX_DB_INTEGER, description="how many items to skip")]
Limit = Annotated[int, Query(ge=1, le=1000, description="at most this many items")]
