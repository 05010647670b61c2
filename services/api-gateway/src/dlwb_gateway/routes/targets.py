from __future__ import annotations

from fastapi import APIRouter, Request, Response

from dlwb_common.api.agents import EnrollReply, EnrollRequest, JoinTokenCreate, JoinTokenPublic
from dlwb_common.api.targets import TargetPublic, TargetsPublic
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/targets", tags=["targets"])


@router.get("", response_model=TargetsPublic)
async def read_targets(request: Request, forwarder: ForwarderDep) -> Response:
    """Targets (machines running an agent) with status and device inventory."""
    return await forwarder.forward(request, "profiler")


@router.get("/{target_id}", response_model=TargetPublic)
async def read_target(target_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """One target."""
    return await forwarder.forward(request, "profiler")


@router.post("/join-tokens", response_model=JoinTokenPublic, status_code=201)
async def create_join_token(body: JoinTokenCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """A one-time token that lets a new agent enrol (shown once) and the command that starts it."""
    return await forwarder.forward(request, "profiler")


enroll_router = APIRouter(prefix="/api/v1", tags=["targets"])


@enroll_router.post("/enroll", response_model=EnrollReply, status_code=201)
async def enroll_agent(body: EnrollRequest, request: Request, forwarder: ForwarderDep) -> Response:
    """An agent presents its join token (instead of an API token) and receives its own NATS user."""
    return await forwarder.forward(request, "profiler")
