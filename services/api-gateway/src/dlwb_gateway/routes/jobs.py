from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request, Response
from sse_starlette.sse import EventSourceResponse

from dlwb_common.errors import ConflictError, NotFoundError
from dlwb_common.messages.jobs import CANCELLABLE, JOB_OWNER, Job, job_kind_of
from dlwb_gateway.deps import ForwarderDep, RelayDep
from dlwb_gateway.routing import Service

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"])


def owner_of(job_id: str) -> Service:
    try:
        return JOB_OWNER[job_kind_of(job_id)]  # type: ignore[return-value]
    except ValueError as exc:
        raise NotFoundError(f"job {job_id} not found") from exc


@router.get("/{job_id}", response_model=Job)
async def read_job(job_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """A job's status, progress, stage and error."""
    return await forwarder.forward(request, owner_of(job_id))


@router.post("/{job_id}/cancel", response_model=Job)
async def cancel_job(job_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """Cancel a queued or running benchmark, layer profile, sweep or calibration."""
    owner = owner_of(job_id)
    if job_kind_of(job_id) not in CANCELLABLE:
        raise ConflictError(f"{job_kind_of(job_id).value} jobs cannot be cancelled", code="job.not_cancellable")
    return await forwarder.forward(request, owner)


@router.post("/{job_id}/retry", response_model=Job, status_code=202)
async def retry_job(job_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """A new run with the same request as a failed or cancelled benchmark, layer profile, sweep or accuracy
    run; returns the new run's job (its id differs)."""
    owner = owner_of(job_id)
    if owner != "profiler":
        raise ConflictError(f"{job_kind_of(job_id).value} jobs cannot be retried", code="job.not_retryable")
    return await forwarder.forward(request, owner)


@router.get("/{job_id}/events", response_class=EventSourceResponse,
            responses={200: {"content": {"text/event-stream": {}}, "description": "job snapshots"}})
async def read_job_events(job_id: str, request: Request, forwarder: ForwarderDep,
                          relay: RelayDep) -> EventSourceResponse:
    """Server-sent events: the job's current state, then every change until it finishes."""
    owner = owner_of(job_id)
    queue = relay.listen(job_id)  # listen before reading the snapshot so no change is missed
    try:
        snapshot = await forwarder.forward(request, owner, path=f"/api/v1/jobs/{job_id}")
        if snapshot.status_code != 200:
            relay.forget(job_id, queue)
            return snapshot  # type: ignore[return-value]
    except BaseException:
        relay.forget(job_id, queue)
        raise
    first = Job.model_validate_json(snapshot.body)

    async def stream() -> AsyncIterator[dict[str, str]]:
        try:
            latest = first
            yield {"event": "job", "data": latest.model_dump_json()}
            while not latest.status.finished:
                try:
                    job = await asyncio.wait_for(queue.get(), timeout=15)
                except TimeoutError:
                    yield {"event": "ping", "data": "{}"}
                    continue
                if job.status.finished or job.progress >= latest.progress or job.status != latest.status:
                    latest = job
                    yield {"event": "job", "data": job.model_dump_json()}
        finally:
            relay.forget(job_id, queue)

    return EventSourceResponse(stream())
