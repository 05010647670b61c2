"""Agent enrolment: a one-time join token buys an agent its own NATS credentials."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from dlwb_common.api.common import Schema

AGENT_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


class JoinTokenCreate(Schema):
    ttl_seconds: int = Field(default=3600, ge=60, le=7 * 24 * 3600)


class JoinTokenPublic(Schema):
    """The token is shown once; the server keeps only its hash."""

    token: str
    expires_at: datetime
    command: str
    nats_url: str  # the NATS address agents are told to dial


class EnrollRequest(Schema):
    join_token: str = Field(min_length=20, max_length=200)
    agent_id: str = Field(pattern=AGENT_ID_PATTERN)


class EnrollReply(Schema):
    agent_id: str
    nats_url: str
    nats_user: str
    nats_password: str
