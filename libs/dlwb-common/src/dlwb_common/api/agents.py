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
    command: str = Field(description="the command that installs, enrols and starts an agent on a Linux machine")
    nats_url: str  # the NATS address agents are told to dial


class EnrollRequest(Schema):
    join_token: str = Field(min_length=20, max_length=200)
    agent_id: str = Field(pattern=AGENT_ID_PATTERN)
    agent_version: str | None = Field(default=None, max_length=64,
                                      description="the agent's package version; another major.minor than the "
                                      "workbench's is refused (426 agent.version_mismatch) with the upgrade command")


class EnrollReply(Schema):
    agent_id: str
    nats_url: str
    nats_user: str
    nats_password: str


class AgentWheel(Schema):
    name: str
    sha256: str
    size: int
    url: str


class AgentDistribution(Schema):
    """What the workbench serves to install its agent on another machine (no token needed: the join
    token is the secret, and it travels as an argument of the install script, never in a URL)."""

    version: str
    wheels: list[AgentWheel]
    install_script_url: str
    install_command: str = Field(description="the command to paste on the new machine, with a join token filled in")
