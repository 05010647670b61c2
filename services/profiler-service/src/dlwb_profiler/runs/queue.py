"""Each target's queue of runs: first in, first out, read from the job table (so it survives restarts).

A queued run shows its place in its stage ("3rd in line on local"); a run may carry a queue timeout
after which it fails with ``queue.timeout`` (none by default: it waits as long as it takes).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from dlwb_common.messages.jobs import JobError, JobStatus
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow, RunRow
from dlwb_service_kit.jobs import as_utc, utcnow


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def place_stage(position: int, target_id: str, online: bool) -> str:
    """The stage of a queued run: its place in its target's line (1 is the next to run)."""
    where = f"{ordinal(position)} in line on {target_id}"
    return where if online else f"{where} (offline: waiting for its agent)"


def queued_runs(ctx: Context, target_id: str) -> list[tuple[str, str]]:
    """(job id, stage) of the target's queued runs, oldest first: the order they will run in."""
    with ctx.db.session() as session:
        rows = session.execute(select(JobRow.id, JobRow.stage).join(RunRow, RunRow.id == JobRow.id)
                               .where(RunRow.target_id == target_id, JobRow.status == JobStatus.queued.value)
                               .order_by(JobRow.created_at, JobRow.id))
        return [(job_id, stage) for job_id, stage in rows]


def running_run(ctx: Context, target_id: str) -> str | None:
    """The run this service has on the target now (at most one: the queue sends one at a time)."""
    with ctx.db.session() as session:
        return session.scalar(select(RunRow.id).join(JobRow, JobRow.id == RunRow.id)
                              .where(RunRow.target_id == target_id, JobRow.status == JobStatus.running.value)
                              .limit(1))


def targets_with_queued_runs(ctx: Context) -> list[str]:
    with ctx.db.session() as session:
        return list(session.scalars(select(RunRow.target_id).join(JobRow, JobRow.id == RunRow.id)
                                    .where(JobRow.status == JobStatus.queued.value).distinct()))


async def show_places(ctx: Context, target_id: str, online: bool) -> None:
    """Write each queued run's place into its stage (only the ones that changed)."""
    for position, (job_id, stage) in enumerate(queued_runs(ctx, target_id), start=1):
        wanted = place_stage(position, target_id, online)
        if stage != wanted:
            await ctx.jobs.update(job_id, stage=wanted, expect=JobStatus.queued)


async def expire(ctx: Context) -> set[str]:
    """Fail the queued runs that waited longer than their own queue timeout; returns their targets."""
    now = utcnow()
    expired = []
    with ctx.db.session() as session:
        rows = session.execute(select(RunRow.id, RunRow.target_id, RunRow.queue_timeout_seconds, JobRow.created_at)
                               .join(JobRow, JobRow.id == RunRow.id)
                               .where(JobRow.status == JobStatus.queued.value,
                                      RunRow.queue_timeout_seconds.is_not(None)))
        for job_id, target_id, timeout, created_at in rows:
            if now - as_utc(created_at) > timedelta(seconds=timeout):
                expired.append((job_id, target_id, timeout))
    for job_id, target_id, timeout in expired:
        await ctx.jobs.update(job_id, status=JobStatus.failed, stage="failed", expect=JobStatus.queued, error=JobError(
            code="queue.timeout", message=f"waited {timeout:g} s in the queue of target {target_id} (the run's "
                                          "queue timeout) without starting"))
    return {target_id for _, target_id, _ in expired}
