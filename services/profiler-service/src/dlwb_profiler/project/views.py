from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.api.projects import ProjectCreate, ProjectPublic, ProjectsPublic
from dlwb_profiler.context import ContextDep
from dlwb_profiler.project import service
from dlwb_service_kit.paging import Limit, Skip

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])


@router.post("", response_model=ProjectPublic, status_code=201)
async def create_project(project_in: ProjectCreate, ctx: ContextDep) -> ProjectPublic:
    """Create a project: a model variant, a dataset, a target and a device."""
    return await service.create(ctx, project_in=project_in)


@router.get("", response_model=ProjectsPublic)
def read_projects(ctx: ContextDep, skip: Skip = 0,
                  limit: Limit = 100) -> ProjectsPublic:
    """List projects, newest first."""
    return service.get_all(ctx, skip=skip, limit=limit)


@router.get("/{project_id}", response_model=ProjectPublic)
def read_project(project_id: str, ctx: ContextDep) -> ProjectPublic:
    """One project."""
    return service.get(ctx, project_id)
