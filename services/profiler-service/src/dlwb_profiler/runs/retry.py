"""Retry: a new run with the same request as a failed or cancelled one (the old run stays as it ended)."""

from __future__ import annotations

from types import SimpleNamespace

from dlwb_common.errors import ConflictError, NotFoundError
from dlwb_common.messages.agent import AgentTask, BenchmarkSettings
from dlwb_common.messages.jobs import Job, JobStatus
from dlwb_profiler.context import Context
from dlwb_profiler.orm import RunRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import repository
from dlwb_service_kit.jobs import to_job


async def retry(ctx: Context, job_id: str) -> Job:
    """Queue a new run of the same project, kind and settings (a sweep's grid, an accuracy configuration,
    the queue timeout); returns the new run's job."""
    job = ctx.jobs.get(job_id)
    if job.status not in (JobStatus.failed, JobStatus.cancelled):
        raise ConflictError(f"job {job_id} is {job.status.value}: only a failed or cancelled run is retried",
                            code="job.not_retryable")
    with ctx.db.session() as session:
        row = session.get(RunRow, job_id)
        if row is None:
            raise NotFoundError(f"job {job_id} is not a run of this service", code="job.not_found")
        task, settings = AgentTask(row.task), BenchmarkSettings.model_validate(row.settings)
        columns = {"queue_timeout_seconds": row.queue_timeout_seconds, "accuracy_config": row.accuracy_config}
        if row.sweep is not None:
            columns["sweep"] = {**row.sweep, "results": []}
        project = projects.get_row(ctx, row.project_id)
    created = await repository.create(ctx, project, task, settings,
                                      lambda _row, job_row: SimpleNamespace(job=to_job(job_row)), **columns)
    return created.job
