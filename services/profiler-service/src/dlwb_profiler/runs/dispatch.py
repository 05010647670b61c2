"""Sending queued runs to their targets' agents: wait while a target is busy or offline, look up the
model's artifacts and the dataset once the target is free (once per job), and cancel runs."""

from __future__ import annotations

import logging
from datetime import timedelta
from enum import Enum

from dlwb_common import bus, subjects
from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.errors import ConflictError, DlwbError, UnavailableError
from dlwb_common.messages.agent import AgentTask, BenchmarkSettings, CancelRequest, RunAccepted, RunRequest, SweepPoint
from dlwb_common.messages.jobs import Job, JobStatus
from dlwb_common.messages.models import ArtifactsReply, ArtifactsRequest, DatasetReply, DatasetRequest
from dlwb_profiler.context import Context
from dlwb_profiler.orm import RunRow, TargetRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import repository
from dlwb_profiler.runs.outcomes import fail
from dlwb_profiler.target import service as targets
from dlwb_service_kit.jobs import utcnow

log = logging.getLogger(__name__)


class Dispatch(Enum):
    done = "done"  # handed to the agent, or finished (failed/cancelled) here
    retry = "retry"  # the target is busy or not connected yet: try again shortly


class Dispatcher:
    """Hands queued runs to agents. The request of a run that waits for its target is kept, so the
    model-service is asked for its artifact URLs and dataset once, not on every retry."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.prepared: dict[str, RunRequest] = {}

    async def dispatch(self, job_id: str) -> Dispatch:
        ctx = self.ctx
        if ctx.jobs.get(job_id).status != JobStatus.queued:
            self.prepared.pop(job_id, None)
            return Dispatch.done
        target = targets.get_row(ctx, repository.target_of(ctx, job_id))
        if not targets.is_free(ctx, target, job_id, since=ctx.started_at):  # as its last heartbeat says
            return await self.wait(job_id, target)
        try:
            request = self.prepared.get(job_id) or await self.prepare(job_id)
        except UnavailableError:  # the model-service is restarting: try again shortly
            return await self.wait(job_id, target)
        except DlwbError as exc:
            await fail(ctx, job_id, exc.code, exc.message)
            return Dispatch.done
        self.prepared[job_id] = request
        try:
            await bus.request(ctx.bus.nc, subjects.agent_in(target.id, "run"), request, RunAccepted, timeout=5)
        except (UnavailableError, ConflictError) as exc:  # not connected, or busy since its last heartbeat
            log.info("agent %s did not take %s: %s", target.id, job_id, exc.message)
            return await self.wait(job_id, target)
        except DlwbError as exc:  # the agent refused the request itself: retrying will not help
            self.prepared.pop(job_id, None)
            await fail(ctx, job_id, exc.code, f"agent {target.id} refused the job: {exc.message}")
            return Dispatch.done
        self.prepared.pop(job_id, None)
        with ctx.db.session() as session:
            session.get(RunRow, job_id).agent_instance = target.instance
        job = await ctx.jobs.update(job_id, status=JobStatus.running, progress=0.01,
                                    stage=f"sent to agent {target.id}", expect=JobStatus.queued)
        if job.status == JobStatus.cancelled:  # cancelled while it was being handed over: stop the agent too
            await tell_agent_to_cancel(ctx, target.id, job_id)
        return Dispatch.done

    async def prepare(self, job_id: str) -> RunRequest:
        """The run as the agent gets it: signed links to the model's files and the dataset."""
        ctx = self.ctx
        with ctx.db.session() as session:
            row = session.get(RunRow, job_id)
            project = projects.get_row(ctx, row.project_id)
            task = AgentTask(row.task)
            settings = BenchmarkSettings.model_validate(row.settings)
            points = [SweepPoint.model_validate(p) for p in (row.sweep or {}).get("points", [])]
            accuracy = AccuracyConfig.model_validate(row.accuracy_config) if row.accuracy_config else None
        artifacts = await bus.request(ctx.bus.nc, subjects.MODEL_ARTIFACTS,
                                      ArtifactsRequest(model_id=project.model_id, precision=project.precision),
                                      ArtifactsReply)
        dataset = await bus.request(ctx.bus.nc, subjects.DATASET_GET, DatasetRequest(dataset_id=project.dataset_id),
                                    DatasetReply)
        return RunRequest(job_id=job_id, task=task, model_xml=artifacts.xml, model_bin=artifacts.bin,
                          settings=settings, dataset=dataset.spec, sweep=points, accuracy=accuracy)

    async def wait(self, job_id: str, target: TargetRow) -> Dispatch:
        """Retry shortly, or fail the run once its target was away for the dispatch timeout."""
        ctx = self.ctx
        job = ctx.jobs.get(job_id)
        waiting_since = max(job.created_at, ctx.started_at)  # time this service was down does not count
        if utcnow() - waiting_since > timedelta(seconds=ctx.settings.dispatch_timeout_seconds):
            self.prepared.pop(job_id, None)
            state = "busy" if targets.is_alive(ctx, target, since=ctx.started_at) else "offline"
            await fail(ctx, job_id, f"target.{state}",
                       f"target {target.id} stayed {state} for {ctx.settings.dispatch_timeout_seconds:g} s")
            return Dispatch.done
        stage = f"waiting for target {target.id}"
        if job.stage != stage:
            await ctx.jobs.update(job_id, stage=stage, expect=JobStatus.queued)
        return Dispatch.retry


async def cancel(ctx: Context, job_id: str) -> Job:
    """Cancel a queued run at once; ask the agent to stop a running one (it reports ``cancelled``)."""
    job = ctx.jobs.get(job_id)
    if job.status == JobStatus.queued:
        return await ctx.jobs.update(job_id, status=JobStatus.cancelled, stage="cancelled")
    if job.status != JobStatus.running:
        raise ConflictError(f"job {job_id} is {job.status.value}", code="job.not_cancellable")
    if await tell_agent_to_cancel(ctx, repository.target_of(ctx, job_id), job_id):
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
