"""Agreeing with an agent on what runs there, from each heartbeat, instead of guessing.

A heartbeat says which process beats (``instance``), which job it runs and which it finished lately.
- Our running run, but a new agent process: the run died with the old one (``agent.restarted``).
- Our running run, same process, which neither runs nor finished it (for longer than two beats, so a
  beat sent just before it took the run does not count): it is lost (``agent.lost``).
- It runs a run of ours that we still think queued (its answer to the hand-over was lost): adopted.
- It runs a run of ours that already finished here (failed while it was away, or cancelled): told to stop.
Outcomes travel separately (JetStream) and finish runs as they arrive.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from dlwb_common.errors import NotFoundError
from dlwb_common.messages.agent import Heartbeat
from dlwb_common.messages.jobs import JobStatus
from dlwb_profiler.context import Context
from dlwb_profiler.orm import RunRow
from dlwb_profiler.runs import queue, repository
from dlwb_profiler.runs.dispatch import mark_running, tell_agent_to_cancel
from dlwb_profiler.runs.outcomes import fail
from dlwb_service_kit.jobs import as_utc, utcnow

log = logging.getLogger(__name__)


async def reconcile(ctx: Context, beat: Heartbeat) -> None:
    running = queue.running_run(ctx, beat.agent_id)
    if running is not None and running != beat.busy_job_id:
        await settle_running(ctx, beat, running)
    busy = beat.busy_job_id
    if busy is None or busy == running or repository.target_of(ctx, busy) != beat.agent_id:
        return
    try:
        job = ctx.jobs.get(busy)
    except NotFoundError:
        return
    if job.status == JobStatus.queued:
        log.info("agent %s runs %s, which was still queued here: adopted", beat.agent_id, busy)
        await mark_running(ctx, busy, beat.agent_id, beat.instance)
    elif job.status.finished:
        log.info("agent %s runs %s, which is %s here: told to stop", beat.agent_id, busy, job.status.value)
        await tell_agent_to_cancel(ctx, beat.agent_id, busy)


async def settle_running(ctx: Context, beat: Heartbeat, job_id: str) -> None:
    """Our running run that the beating agent does not run now."""
    with ctx.db.session() as session:
        instance = session.get(RunRow, job_id).agent_instance
    if instance and instance != beat.instance:
        await fail(ctx, job_id, "agent.restarted",
                   f"agent {beat.agent_id} restarted while running the job, which ended with its old process; "
                   "retry the run")
        return
    if beat.finished_job_ids is None or job_id in beat.finished_job_ids:
        return  # its outcome is stored or on its way (or the agent is too old to tell)
    started = ctx.jobs.get(job_id).started_at
    if started is not None and utcnow() - as_utc(started) > timedelta(seconds=2 * beat.interval_seconds):
        await fail(ctx, job_id, "agent.lost",
                   f"agent {beat.agent_id} no longer runs the job and has no outcome for it; retry the run")
