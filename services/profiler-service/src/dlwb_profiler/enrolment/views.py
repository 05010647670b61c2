from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.api.agents import EnrollReply, EnrollRequest, JoinTokenCreate, JoinTokenPublic
from dlwb_profiler.context import ContextDep
from dlwb_profiler.enrolment import service

router = APIRouter(prefix="/api/v1", tags=["targets"])


@router.post("/targets/join-tokens", response_model=JoinTokenPublic, status_code=201)
def create_join_token(request: JoinTokenCreate, ctx: ContextDep) -> JoinTokenPublic:
    """A one-time token that lets a new agent enrol (shown once) and the command that starts it."""
    return service.create_join_token(ctx, request)


@router.post("/enroll", response_model=EnrollReply, status_code=201)
def enroll_agent(request: EnrollRequest, ctx: ContextDep) -> EnrollReply:
    """An agent presents its join token (instead of an API token) and receives its own NATS user."""
    return service.enrol(ctx, request)
