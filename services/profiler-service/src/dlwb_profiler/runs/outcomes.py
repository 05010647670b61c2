"""What agents report on runs: progress, sweep points, results and failures; and runs whose agent was lost."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from dlwb_common.errors import CancelledError, ErrorBody
from dlwb_common.messages.agent import AgentJobOutcome, AgentProgress, AgentTask, BenchmarkSettings
from dlwb_common.messages.jobs import JobError, JobStatus, LiveSample
from dlwb_profiler.accuracy.verdict import accuracy_verdict
from dlwb_profiler.benchmark.verdict import benchmark_verdict
from dlwb_profiler.context import Context
from dlwb_profiler.layer_profile.verdict import layer_profile_verdict
from dlwb_profiler.orm import JobRow, RunRow, TargetRow
from dlwb_profiler.runs import repository
from dlwb_profiler.runs.precision import with_precision
from dlwb_profiler.sweep import service as sweeps
from dlwb_profiler.target import service as targets
from dlwb_service_kit.jobs import as_utc

log = logging.getLogger(__name__)


async def fail(ctx: Context, job_id: str, code: str, message: str) -> None:
    await ctx.jobs.update(job_id, status=JobStatus.failed, stage="failed", error=JobError(code=code, message=message))


def sent_by_its_target(ctx: Context, job_id: str, agent_id: str) -> bool:
    return repository.target_of(ctx, job_id) == agent_id


async def record_progress(ctx: Context, progress: AgentProgress) -> None:
    """Progress of a running job, from its own target only (``expect`` ignores it for any other state)."""
    if not sent_by_its_target(ctx, progress.job_id, progress.agent_id):
        return
    live = None
    if progress.throughput_fps is not None or progress.latency_median_ms is not None:
        live = LiveSample(elapsed_seconds=progress.elapsed_seconds, throughput_fps=progress.throughput_fps,
                          latency_median_ms=progress.latency_median_ms)
    await ctx.jobs.update(progress.job_id, progress=progress.progress, stage=progress.stage, live=live,
                          expect=JobStatus.running)


async def record_outcome(ctx: Context, outcome: AgentJobOutcome) -> None:
    if not sent_by_its_target(ctx, outcome.job_id, outcome.agent_id):
        log.warning("agent %s reported on job %s, which is not its own: ignored", outcome.agent_id, outcome.job_id)
        return
    if ctx.jobs.get(outcome.job_id).status.finished:
        return
    if not outcome.final:
        if outcome.point is not None:
            done, total = sweeps.record_point(ctx, outcome.job_id, outcome.point)
            await ctx.jobs.update(outcome.job_id, progress=done / total, stage=f"point {done}/{total} done")
        return
    if not outcome.succeeded:
        error = outcome.error or ErrorBody(code="run.failed", message=f"agent {outcome.agent_id} gave no reason")
        if error.code == CancelledError.code:
            await ctx.jobs.update(outcome.job_id, status=JobStatus.cancelled, stage="cancelled")
        else:
            await fail(ctx, outcome.job_id, error.code, error.message)
        return
    with ctx.db.session() as session:
        store_result(session, session.get(RunRow, outcome.job_id), outcome)
    await ctx.jobs.update(outcome.job_id, status=JobStatus.succeeded, stage="done")


def store_result(session: Session, row: RunRow, outcome: AgentJobOutcome) -> None:
    """Keep the result of the run's kind and its verdict (a sweep's points are already stored)."""
    settings = BenchmarkSettings.model_validate(row.settings)
    if row.task == AgentTask.layer_profile and outcome.layer_profile is not None:
        row.layer_profile = outcome.layer_profile.model_dump(mode="json")
        row.verdict = layer_profile_verdict(outcome.layer_profile)
    elif row.task == AgentTask.benchmark and outcome.result is not None:
        target = session.get(TargetRow, row.target_id)
        row.result = outcome.result.model_dump(mode="json")
        row.verdict = benchmark_verdict(outcome.result, settings, target.inventory.get("cpu", "") if target else "")
    elif row.task == AgentTask.accuracy and outcome.accuracy is not None:
        row.accuracy = outcome.accuracy.model_dump(mode="json")
        row.verdict = accuracy_verdict(outcome.accuracy, settings.device)
    elif row.task != AgentTask.sweep:
        raise ValueError(f"agent outcome of {row.id} carries no {row.task} result")
    row.verdict = with_precision(row.verdict, row)


async def fail_lost_jobs(ctx: Context) -> set[str]:
    """Fail running jobs whose agent went silent for the grace period; returns their targets. Silence from
    before this process listened (it was down, or stalled) is not the agent's: judged from ``ctx.started_at``."""
    lost = []
    with ctx.db.session() as session:
        rows = session.execute(select(RunRow, TargetRow).join(JobRow, JobRow.id == RunRow.id)
                               .join(TargetRow, TargetRow.id == RunRow.target_id)
                               .where(JobRow.status == JobStatus.running.value))
        for run, target in rows:
            if not targets.is_alive(ctx, target, since=ctx.started_at):
                lost.append((run.id, target.id, f"agent {target.id} sent no heartbeat for "
                                                f"{targets.lost_after(ctx, target):g} s (last at "
                                                f"{as_utc(target.last_seen):%H:%M:%S} UTC); retry the run"))
    for job_id, _, why in lost:
        await fail(ctx, job_id, "agent.lost", why)
    return {target_id for _, target_id, _ in lost}
