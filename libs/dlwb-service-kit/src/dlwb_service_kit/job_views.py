"""``GET /api/v1/jobs/{id}``, served the same way by every service that owns jobs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from dlwb_common.messages.jobs import Job
from dlwb_service_kit.context import ServiceContext, get_context

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=Job)
def read_job(job_id: str, ctx: Annotated[ServiceContext[Any], Depends(get_context)]) -> Job:
    return ctx.jobs.get(job_id)
