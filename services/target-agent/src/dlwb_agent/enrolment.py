"""First start on a new machine: trade a join token for this agent's own NATS credentials.

The credentials are kept (mode 0600) so later starts need no token.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
from pydantic import BaseModel

from dlwb_agent.hello import AGENT_VERSION
from dlwb_common.errors import DlwbError


class EnrolmentError(DlwbError):
    code = "agent.enrolment_failed"


class Credentials(BaseModel):
    agent_id: str
    nats_url: str
    nats_user: str
    nats_password: str


def enrol(server_url: str, join_token: str, agent_id: str, agent_version: str = AGENT_VERSION) -> Credentials:
    try:
        response = httpx.post(f"{server_url.rstrip('/')}/api/v1/enroll", timeout=30,
                              json={"join_token": join_token, "agent_id": agent_id, "agent_version": agent_version})
    except httpx.HTTPError as exc:
        raise EnrolmentError(f"cannot reach the workbench at {server_url}: {exc}; nothing was registered "
                             "(check the URL and that this machine can reach it)") from exc
    if response.status_code != 201:
        try:
            body = response.json()
            code, detail = body.get("code"), f"{body.get('message')} ({body.get('code')})"
        except ValueError:
            code, detail = None, response.text[:300]
        raise EnrolmentError(f"enrolment refused: {detail}", code=code if isinstance(code, str) else None,
                             status=response.status_code)
    return Credentials.model_validate(response.json())


def save(path: Path, credentials: Credentials) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(credentials.model_dump_json(indent=2))


def load(path: Path) -> Credentials | None:
    return Credentials.model_validate(json.loads(path.read_text())) if path.exists() else None
