from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.api.targets import TargetPublic, TargetsPublic
from dlwb_profiler.context import ContextDep
from dlwb_profiler.target import service

router = APIRouter(prefix="/api/v1/targets", tags=["targets"])


@router.get("", response_model=TargetsPublic)
def read_targets(ctx: ContextDep) -> TargetsPublic:
    """Targets (machines running an agent) with status and device inventory."""
    return service.get_all(ctx)


@router.get("/{target_id}", response_model=TargetPublic)
def read_target(target_id: str, ctx: ContextDep) -> TargetPublic:
    """One target."""
    return service.get(ctx, target_id)
