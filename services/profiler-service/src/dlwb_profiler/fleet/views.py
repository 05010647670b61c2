from __future__ import annotations

from fastapi import APIRouter, Query

from dlwb_common.api.fleets import FleetRunCreate, FleetRunPublic, FleetRunsPublic
from dlwb_profiler.context import ContextDep
from dlwb_profiler.fleet import service

router = APIRouter(prefix="/api/v1/fleet-runs", tags=["fleet runs"])


@router.post("", response_model=FleetRunPublic, status_code=202)
async def create_fleet_run(fleet_in: FleetRunCreate, ctx: ContextDep) -> FleetRunPublic:
    """Queue the same benchmark of a model variant on every listed target/device; each member is a
    benchmark (follow it at /jobs/{id}/events)."""
    return await service.create(ctx, fleet_in)


@router.get("", response_model=FleetRunsPublic)
def read_fleet_runs(ctx: ContextDep, skip: int = Query(0, ge=0),
                    limit: int = Query(50, ge=1, le=500)) -> FleetRunsPublic:
    """Fleet runs, newest first, with their members."""
    return service.get_all(ctx, skip=skip, limit=limit)


@router.get("/{fleet_id}", response_model=FleetRunPublic)
def read_fleet_run(fleet_id: str, ctx: ContextDep) -> FleetRunPublic:
    """One fleet run: each target's result side by side, and the verdict once every member finished."""
    return service.get(ctx, fleet_id)
