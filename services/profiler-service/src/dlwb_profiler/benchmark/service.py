"""Benchmarks: queue them, hand them to the target's agent, and record what the agent reports."""

from __future__ import annotations

import logging
from datetime import timedelta
from enum import Enum

from sqlalchemy import select

from dlwb_common import bus, subjects
from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.api.projects import (
    BenchmarkCreate,
    BenchmarkPublic,
    BenchmarksPublic,
    LayerProfilePublic,
    LayerProfilesPublic,
)
from dlwb_common.errors import CancelledError, ConflictError, DlwbError, NotFoundError, UnavailableError
from dlwb_common.messages.agent import (
    AgentJobOutcome,
    AgentProgress,
    AgentTask,
    BenchmarkRequest,
    BenchmarkSettings,
    CancelRequest,
    RunAccepted,
    SweepPoint,
)
from dlwb_common.messages.jobs import Job, JobError, JobKind, JobStatus, LiveSample
from dlwb_common.messages.models import ArtifactsReply, ArtifactsRequest, DatasetReply, DatasetRequest
from dlwb_profiler.accuracy.service import verdict as accuracy_verdict
from dlwb_profiler.benchmark.verdict import layers_verdict, verdict
from dlwb_profiler.context import Context
from dlwb_profiler.orm import BenchmarkRow, JobRow, TargetRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.sweep import service as sweeps
from dlwb_profiler.target import service as targets
from dlwb_service_kit.jobs import as_utc, to_job, utcnow

log = logging.getLogger(__name__)


class Dispatch(Enum):
    done = "done"  # handed to the agent, or finished (failed/cancelled) here
    retry = "retry"  # the target is busy or not connected yet: try again shortly


JOB_KINDS = {AgentTask.benchmark: JobKind.benchmark, AgentTask.layers: JobKind.profile,
             AgentTask.sweep: JobKind.sweep, AgentTask.accuracy: JobKind.accuracy}


def to_public(row: BenchmarkRow, job_row: JobRow) -> BenchmarkPublic | LayerProfilePublic:
    common = {"id": row.id, "project_id": row.project_id, "settings": row.settings, "job": to_job(job_row),
              "verdict": row.verdict}
    if row.task == AgentTask.layers:
        return LayerProfilePublic(profile=row.layers, **common)
    return BenchmarkPublic(result=row.result, **common)


async def create(ctx: Context, *, project_id: str, benchmark_in: BenchmarkCreate,
                 task: AgentTask = AgentTask.benchmark) -> BenchmarkPublic | LayerProfilePublic:
    project = projects.get_row(ctx, project_id)
    settings = BenchmarkSettings.model_validate(benchmark_in.model_dump() | {"device": benchmark_in.device
                                                                               or project.device})
    targets.check_device(targets.get_row(ctx, project.target_id), settings.device)
    job_row = ctx.jobs.new_row(JOB_KINDS[task])
    with ctx.db.session() as session:
        row = BenchmarkRow(id=job_row.id, project_id=project.id, settings=settings.model_dump(mode="json"),
                           target_id=project.target_id, task=task.value)
        session.add(job_row)
        session.flush()  # the benchmark row refers to the job row
        session.add(row)
        session.flush()
        public = to_public(row, job_row)
    await ctx.jobs.enqueue(public.job)
    return public


def get(ctx: Context, run_id: str, task: AgentTask = AgentTask.benchmark) -> BenchmarkPublic | LayerProfilePublic:
    with ctx.db.session() as session:
        row = session.get(BenchmarkRow, run_id)
        if row is None or row.task != task:
            what = "layer profile" if task == AgentTask.layers else "benchmark"
            raise NotFoundError(f"{what} {run_id} not found", code=f"{JOB_KINDS[task].value}.not_found")
        return to_public(row, session.get(JobRow, row.id))


def get_all(ctx: Context, *, project_id: str, task: AgentTask = AgentTask.benchmark
            ) -> BenchmarksPublic | LayerProfilesPublic:
    projects.get_row(ctx, project_id)
    with ctx.db.session() as session:
        rows = session.execute(select(BenchmarkRow, JobRow).join(JobRow, JobRow.id == BenchmarkRow.id)
                               .where(BenchmarkRow.project_id == project_id, BenchmarkRow.task == task.value)
                               .order_by(JobRow.created_at.desc()))
        data = [to_public(row, job_row) for row, job_row in rows]
    page = LayerProfilesPublic if task == AgentTask.layers else BenchmarksPublic
    return page(data=data, count=len(data))


async def dispatch(ctx: Context, job_id: str) -> Dispatch:
    """Hand a queued benchmark to its target's agent."""
    job = ctx.jobs.get(job_id)
    if job.status != JobStatus.queued:
        return Dispatch.done
    with ctx.db.session() as session:
        row = session.get(BenchmarkRow, job_id)
        project = projects.get_row(ctx, row.project_id)
        settings = BenchmarkSettings.model_validate(row.settings)
        task = AgentTask(row.task)
        points = [SweepPoint.model_validate(p) for p in (row.sweep or {}).get("points", [])]
        accuracy = AccuracyConfig.model_validate(row.accuracy_config) if row.accuracy_config else None
    target = targets.get_row(ctx, project.target_id)
    try:
        artifacts = await bus.request(ctx.bus.nc, subjects.MODEL_ARTIFACTS,
                                      ArtifactsRequest(model_id=project.model_id, precision=project.precision),
                                      ArtifactsReply)
        dataset = await bus.request(ctx.bus.nc, subjects.DATASET_GET, DatasetRequest(dataset_id=project.dataset_id),
                                    DatasetReply)
    except UnavailableError:  # the model-service is restarting: try again shortly
        return await retry_or_fail(ctx, job_id, target)
    except DlwbError as exc:
        await fail(ctx, job_id, exc.code, exc.message)
        return Dispatch.done
    if not targets.is_alive(ctx, target, since=ctx.started_at) or target.busy_job_id not in (None, job_id):
        return await retry_or_fail(ctx, job_id, target)
    request = BenchmarkRequest(job_id=job_id, task=task, model_xml=artifacts.xml, model_bin=artifacts.bin,
                               settings=settings, dataset=dataset.spec, sweep=points, accuracy=accuracy)
    try:
        answer = await bus.request(ctx.bus.nc, subjects.agent_in(target.id, "run"), request, RunAccepted,
                                   timeout=5)
    except UnavailableError:
        return await retry_or_fail(ctx, job_id, target)
    if not answer.accepted and answer.error_code:
        await fail(ctx, job_id, answer.error_code, f"agent {target.id} refused the job: {answer.reason}")
        return Dispatch.done
    if not answer.accepted:
        log.info("agent %s declined %s: %s", target.id, job_id, answer.reason)
        return await retry_or_fail(ctx, job_id, target)
    with ctx.db.session() as session:
        session.get(BenchmarkRow, job_id).agent_instance = target.instance
    job = await ctx.jobs.update(job_id, status=JobStatus.running, progress=0.01, stage=f"sent to agent {target.id}",
                                expect=JobStatus.queued)
    if job.status == JobStatus.cancelled:  # cancelled while it was being handed over: stop the agent too
        await tell_agent_to_cancel(ctx, target.id, job_id)
    return Dispatch.done


async def retry_or_fail(ctx: Context, job_id: str, target: TargetRow) -> Dispatch:
    job = ctx.jobs.get(job_id)
    waiting_since = max(job.created_at, ctx.started_at)  # time this service was down does not count
    if utcnow() - waiting_since > timedelta(seconds=ctx.settings.dispatch_timeout_seconds):
        state = "busy" if targets.is_alive(ctx, target, since=ctx.started_at) else "offline"
        await fail(ctx, job_id, f"target.{state}",
                   f"target {target.id} stayed {state} for {ctx.settings.dispatch_timeout_seconds:g} s")
        return Dispatch.done
    stage = f"waiting for target {target.id}"
    if job.stage != stage:
        await ctx.jobs.update(job_id, stage=stage, expect=JobStatus.queued)
    return Dispatch.retry


async def fail(ctx: Context, job_id: str, code: str, message: str) -> None:
    await ctx.jobs.update(job_id, status=JobStatus.failed, stage="failed", error=JobError(code=code, message=message))


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


def sent_by_its_target(ctx: Context, job_id: str, agent_id: str) -> bool:
    with ctx.db.session() as session:
        row = session.get(BenchmarkRow, job_id)
        return row is not None and row.target_id == agent_id


async def record_outcome(ctx: Context, outcome: AgentJobOutcome) -> None:
    if not sent_by_its_target(ctx, outcome.job_id, outcome.agent_id):
        log.warning("agent %s reported on job %s, which is not its own: ignored", outcome.agent_id, outcome.job_id)
        return
    job = ctx.jobs.get(outcome.job_id)
    if job.status.finished:
        return
    if not outcome.final:
        if outcome.point is not None:
            done, total = sweeps.record_point(ctx, outcome.job_id, outcome.point)
            await ctx.jobs.update(outcome.job_id, progress=done / total, stage=f"point {done}/{total} done")
        return
    if not outcome.succeeded:
        if outcome.error_code == CancelledError.code:
            await ctx.jobs.update(outcome.job_id, status=JobStatus.cancelled, stage="cancelled")
        else:
            await fail(ctx, outcome.job_id, outcome.error_code or "agent.failed", outcome.error_message or "")
        return
    with ctx.db.session() as session:
        row = session.get(BenchmarkRow, outcome.job_id)
        if row.task == AgentTask.layers and outcome.layers is not None:
            row.layers = outcome.layers.model_dump(mode="json")
            row.verdict = layers_verdict(outcome.layers)
        elif row.task == AgentTask.benchmark and outcome.result is not None:
            target = session.get(TargetRow, row.target_id)
            row.result = outcome.result.model_dump(mode="json")
            row.verdict = verdict(outcome.result, BenchmarkSettings.model_validate(row.settings),
                                  target.inventory.get("cpu", "") if target else "")
        elif row.task == AgentTask.accuracy and outcome.accuracy is not None:
            row.accuracy = outcome.accuracy.model_dump(mode="json")
            row.verdict = accuracy_verdict(outcome.accuracy, BenchmarkSettings.model_validate(row.settings).device)
        elif row.task != AgentTask.sweep:
            raise ValueError(f"agent outcome of {row.id} carries no {row.task} result")
    await ctx.jobs.update(outcome.job_id, status=JobStatus.succeeded, stage="done")


async def cancel(ctx: Context, job_id: str) -> Job:
    """Cancel a queued run at once; ask the agent to stop a running one (it reports ``cancelled``)."""
    job = ctx.jobs.get(job_id)
    if job.status == JobStatus.queued:
        return await ctx.jobs.update(job_id, status=JobStatus.cancelled, stage="cancelled")
    if job.status != JobStatus.running:
        raise ConflictError(f"job {job_id} is {job.status.value}", code="job.not_cancellable")
    with ctx.db.session() as session:
        target_id = session.get(BenchmarkRow, job_id).target_id
    if await tell_agent_to_cancel(ctx, target_id, job_id):
        return await ctx.jobs.update(job_id, stage="cancelling")
    # the agent is gone or is not running this job: nothing runs any more
    return await ctx.jobs.update(job_id, status=JobStatus.cancelled, stage="cancelled")


async def tell_agent_to_cancel(ctx: Context, target_id: str, job_id: str) -> bool:
    """True when the agent runs the job and will stop it (it then reports ``job.cancelled``)."""
    try:
        answer = await bus.request(ctx.bus.nc, subjects.agent_in(target_id, "cancel"), CancelRequest(job_id=job_id),
                                   RunAccepted, timeout=5)
    except UnavailableError:
        return False
    return answer.accepted


async def fail_lost_jobs(ctx: Context) -> int:
    """Fail running jobs whose agent went silent or restarted; returns how many. Silence from before
    this process started (it was down) is not the agent's: it is judged from ``ctx.started_at``."""
    lost = []
    with ctx.db.session() as session:
        rows = session.execute(select(BenchmarkRow, TargetRow).join(JobRow, JobRow.id == BenchmarkRow.id)
                               .join(TargetRow, TargetRow.id == BenchmarkRow.target_id)
                               .where(JobRow.status == JobStatus.running.value))
        for bench, target in rows:
            if not targets.is_alive(ctx, target, since=ctx.started_at):
                lost.append((bench.id, f"agent {target.id} stopped sending heartbeats at {as_utc(target.last_seen)}"))
            elif bench.agent_instance and target.instance != bench.agent_instance:
                lost.append((bench.id, f"agent {target.id} restarted while running the job"))
    for job_id, why in lost:
        await fail(ctx, job_id, "agent.lost", why)
    return len(lost)


