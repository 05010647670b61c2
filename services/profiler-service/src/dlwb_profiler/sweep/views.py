from __future__ import annotations

from fastapi import APIRouter, Query

from dlwb_common.api.projects import SweepCreate, SweepPublic, SweepsPublic
from dlwb_profiler.context import ContextDep
from dlwb_profiler.sweep import service

router = APIRouter(prefix="/api/v1", tags=["sweeps"])


@router.post("/projects/{project_id}/sweeps", response_model=SweepPublic, status_code=202)
async def create_sweep(project_id: str, sweep_in: SweepCreate, ctx: ContextDep) -> SweepPublic:
    """Queue a grid of runs (batch x streams x requests); the answer gives the estimated duration."""
    return await service.create(ctx, project_id=project_id, sweep_in=sweep_in)


@router.get("/projects/{project_id}/sweeps", response_model=SweepsPublic)
def read_sweeps(project_id: str, ctx: ContextDep) -> SweepsPublic:
    """The project's sweeps, newest first."""
    return service.get_all(ctx, project_id=project_id)


@router.get("/sweeps/{sweep_id}", response_model=SweepPublic)
def read_sweep(sweep_id: str, ctx: ContextDep,
               latency_limit_ms: float | None = Query(default=None, ge=0,
                                                      description="0: no limit")) -> SweepPublic:
    """The grid's points so far, and the best one under ``latency_limit_ms`` (the sweet spot; 0 means
    no limit; absent keeps the sweep's own)."""
    return service.get(ctx, sweep_id, latency_limit_ms)
