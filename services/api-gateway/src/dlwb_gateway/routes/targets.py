from __future__ import annotations

from fastapi import APIRouter, Request, Response

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
