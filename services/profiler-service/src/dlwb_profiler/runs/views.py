from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.messages.jobs import Job
from dlwb_profiler.context import ContextDep
from dlwb_profiler.runs import dispatch

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.post("/{job_id}/cancel", response_model=Job)
async def cancel_job(job_id: str, ctx: ContextDep) -> Job:
    return await dispatch.cancel(ctx, job_id)
