from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.messages.jobs import Job
from dlwb_profiler.context import ContextDep
from dlwb_profiler.runs import dispatch, retry

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


@router.post("/{job_id}/cancel", response_model=Job)
async def cancel_job(job_id: str, ctx: ContextDep) -> Job:
    return await dispatch.cancel(ctx, job_id)


@router.post("/{job_id}/retry", response_model=Job, status_code=202)
async def retry_job(job_id: str, ctx: ContextDep) -> Job:
    """A new run with the same request as this failed or cancelled one; returns the new run's job."""
    return await retry.retry(ctx, job_id)
