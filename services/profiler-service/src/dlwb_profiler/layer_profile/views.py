from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.api.projects import LayerProfileCreate, LayerProfilePublic, LayerProfilesPublic
from dlwb_profiler.context import ContextDep
from dlwb_profiler.layer_profile import service

router = APIRouter(prefix="/api/v1", tags=["benchmarks"])


@router.post("/projects/{project_id}/layer-profiles", response_model=LayerProfilePublic, status_code=202)
async def create_layer_profile(project_id: str, profile_in: LayerProfileCreate, ctx: ContextDep):  # type: ignore[no-untyped-def]
    return await service.layer_profiles.create(ctx, project_id=project_id, run_in=profile_in)


@router.get("/projects/{project_id}/layer-profiles", response_model=LayerProfilesPublic)
def read_layer_profiles(project_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    data = service.layer_profiles.list_of(ctx, project_id)
    return LayerProfilesPublic(data=data, count=len(data))


@router.get("/layer-profiles/{profile_id}", response_model=LayerProfilePublic)
def read_layer_profile(profile_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    return service.layer_profiles.get(ctx, profile_id)
