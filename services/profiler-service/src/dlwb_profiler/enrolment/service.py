"""Enrolment: join tokens, and the NATS users they buy (each agent its own, bcrypt-hashed)."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from datetime import timedelta

import bcrypt
from sqlalchemy import select, update

from dlwb_common.agent_release import check_agent_version, install_command
from dlwb_common.api.agents import EnrollReply, EnrollRequest, JoinTokenCreate, JoinTokenPublic
from dlwb_common.errors import ConflictError, DlwbError
from dlwb_profiler.context import Context
from dlwb_profiler.orm import AgentCredentialRow, JoinTokenRow
from dlwb_service_kit.jobs import utcnow

# The password is 192 random bits, not a person's: no amount of hashing work changes how hard it is to guess,
# while nats-server pays the work on every agent connection (cost 10 took ~0.3 s per connection on 2 cores,
# so a thousand agents reconnecting after a restart timed out forever; bench/fleet_scale.py). bcrypt stays
# because nats-server takes only plain text or bcrypt, and the stored hash must not be the password.
BCRYPT_ROUNDS = 4

# Enrolments run in several threads at once; each rewrites the whole users file from the table.
USERS_FILE_LOCK = threading.Lock()


class JoinTokenError(DlwbError):
    code = "enrol.invalid_token"
    status = 401


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_join_token(ctx: Context, request: JoinTokenCreate) -> JoinTokenPublic:
    token = "join_" + secrets.token_urlsafe(24)
    expires = utcnow() + timedelta(seconds=request.ttl_seconds)
    with ctx.db.session() as session:
        session.add(JoinTokenRow(token_sha256=digest(token), expires_at=expires))
    command = install_command(ctx.settings.public_url, "<name>", token)
    return JoinTokenPublic(token=token, expires_at=expires, command=command,
                           nats_url=ctx.settings.public_nats_url or ctx.settings.nats_url)


def enrol(ctx: Context, request: EnrollRequest) -> EnrollReply:
    """Consume the token, create the agent's NATS user, and publish the users file for nats-server.
    Every refusal (version, id, token) happens before anything is written."""
    check_agent_version(request.agent_version, request.agent_id, ctx.settings.public_url)
    if request.agent_id == "local":
        raise ConflictError("'local' is the embedded agent's name", code="enrol.id_taken")
    with ctx.db.session() as session:
        if session.get(AgentCredentialRow, request.agent_id) is not None:
            raise ConflictError(f"an agent named {request.agent_id} is already enrolled", code="enrol.id_taken")
        consumed = session.execute(
            update(JoinTokenRow)
            .where(JoinTokenRow.token_sha256 == digest(request.join_token), JoinTokenRow.used_by.is_(None),
                   JoinTokenRow.expires_at > utcnow())
            .values(used_by=request.agent_id))
        if consumed.rowcount != 1:  # one statement: two requests cannot both use one token
            raise JoinTokenError("the join token is unknown, used or expired; create a new one")
        password = "k" + secrets.token_hex(24)  # nats-server refuses passwords that start with a digit
        session.add(AgentCredentialRow(agent_id=request.agent_id, password_bcrypt=bcrypt.hashpw(
            password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()))
    with USERS_FILE_LOCK, ctx.db.session() as session:  # read and write as one: the last writer lists everyone
        enrolled = session.scalars(select(AgentCredentialRow))
        write_users_file(ctx, {row.agent_id: row.password_bcrypt for row in enrolled})
    return EnrollReply(agent_id=request.agent_id, nats_url=ctx.settings.public_nats_url or ctx.settings.nats_url,
                       nats_user=f"agent-{request.agent_id}", nats_password=password)


def write_users_file(ctx: Context, users: dict[str, str]) -> None:
    """Atomically replace the file that lists enrolled agents (id -> bcrypt hash), mode 0600."""
    path = ctx.settings.agents_path
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")  # never shared by two writers
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(users, handle, indent=2, sort_keys=True)
    os.replace(scratch, path)
