"""Sending each target's queued runs to its agent, one at a time, first in first out; cancelling runs.

Event-driven, not polled: a target's line is looked at when a run is queued, when a run of the target
finishes, when its agent beats (it beats at once when it becomes idle) and when this service starts.
The next run starts as soon as the previous one's outcome is stored. The head of the line's request
(signed artifact links and the dataset, from the model-service) is prepared while it waits, once.
"""

from __future__ import annotations

import asyncio
import logging
import time

from dlwb_common import bus, subjects
from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.errors import ConflictError, DlwbError, NotFoundError, UnavailableError
from dlwb_common.messages.agent import AgentTask, BenchmarkSettings, CancelRequest, RunAccepted, RunRequest, SweepPoint
from dlwb_common.messages.jobs import Job, JobStatus
from dlwb_common.messages.models import ArtifactsReply, ArtifactsRequest, DatasetReply, DatasetRequest
from dlwb_profiler.context import Context
from dlwb_profiler.orm import RunRow, TargetRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import queue, repository
from dlwb_profiler.runs.outcomes import fail
from dlwb_profiler.target import service as targets

log = logging.getLogger(__name__)

PREPARED_FOR_SECONDS = 3600.0  # signed links live 6 h: a request older than this is prepared again
RETRY_LOOKUP_SECONDS = 1.0  # the model-service is restarting: look again this much later


class Dispatcher:
    """One dispatch loop per target, woken by ``kick``; kicks while it works coalesce into one more look."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.prepared: dict[str, tuple[RunRequest, float]] = {}  # job id -> (request, monotonic time made)
        self.wakeups: dict[str, asyncio.Event] = {}
        self.places: dict[str, asyncio.Task[None]] = {}
        self.places_dirty: set[str] = set()

    def kick(self, target_id: str | None) -> None:
        """Look at the target's line soon (now, unless its loop is busy: then right after)."""
        if target_id is None:
            return
        wakeup = self.wakeups.get(target_id)
        if wakeup is None:
            wakeup = self.wakeups[target_id] = asyncio.Event()
            self.ctx.bus.spawn(lambda: self.serve(target_id, wakeup), f"dispatcher of target {target_id}")
        wakeup.set()

    def kick_all_queued(self) -> None:
        for target_id in queue.targets_with_queued_runs(self.ctx):
            self.kick(target_id)

    async def serve(self, target_id: str, wakeup: asyncio.Event) -> None:
        while True:
            await wakeup.wait()
            wakeup.clear()
            while await self.step(target_id):
                pass

    async def step(self, target_id: str) -> bool:
        """Send the head of the target's line if the target can take it; True: look again at once."""
        ctx = self.ctx
        line = queue.queued_runs(ctx, target_id)
        if not line:
            return False
        try:
            target = targets.get_row(ctx, target_id)
        except NotFoundError:  # no agent with this id has connected yet
            self.show_places(target_id, online=False)
            return False
        online = targets.is_alive(ctx, target, since=ctx.started_at)
        head = line[0][0]
        if not online or queue.running_run(ctx, target_id) is not None or self.busy_elsewhere(target):
            self.show_places(target_id, online)
            if online:
                await self.request_for(head)  # ready for the moment the target is free
            return False
        request = await self.request_for(head)
        if request is None:
            return ctx.jobs.get(head).status.finished  # failed: go on with the next; else look again later
        try:
            answer = await bus.request(ctx.bus.nc, subjects.agent_in(target.id, "run"), request, RunAccepted,
                                       timeout=5)
        except (UnavailableError, ConflictError) as exc:  # not listening, or busy since its last heartbeat
            log.info("agent %s did not take %s: %s", target.id, head, exc.message)
            self.show_places(target_id, online)
            return False  # its next heartbeat (at once when it becomes idle) wakes this loop
        except DlwbError as exc:  # the agent refused the request itself: retrying will not help
            self.prepared.pop(head, None)
            await fail(ctx, head, exc.code, f"agent {target.id} refused the job: {exc.message}")
            return True
        self.prepared.pop(head, None)
        await mark_running(ctx, head, target.id, answer.instance or target.instance)
        self.show_places(target_id, online)
        return False  # the next run waits for this one's outcome

    def busy_elsewhere(self, target: TargetRow) -> bool:
        """By its last heartbeat the agent runs something that is not a finished run of ours (a calibration,
        or a run of ours it took whose answer was lost: the heartbeat reconciliation adopts that one)."""
        if target.busy_job_id is None:
            return False
        try:
            return not self.ctx.jobs.get(target.busy_job_id).status.finished
        except NotFoundError:  # another service's job
            return True

    async def request_for(self, job_id: str) -> RunRequest | None:
        """The prepared request of a run (made once); None when it cannot be made now (the run failed if
        its model or dataset is gone; a later look is scheduled if the model-service is away)."""
        prepared = self.prepared.get(job_id)
        if prepared is not None and time.monotonic() - prepared[1] < PREPARED_FOR_SECONDS:
            return prepared[0]
        try:
            request = await prepare(self.ctx, job_id)
        except UnavailableError:  # the model-service is restarting
            target_id = repository.target_of(self.ctx, job_id)
            asyncio.get_running_loop().call_later(RETRY_LOOKUP_SECONDS, self.kick, target_id)
            return None
        except DlwbError as exc:
            await fail(self.ctx, job_id, exc.code, exc.message)
            return None
        self.prepared = {job_id: (request, time.monotonic())}  # only the head of a line is kept
        return request

    def show_places(self, target_id: str, online: bool) -> None:
        """Refresh the queued runs' places in the background (coalesced), off the dispatch path."""
        self.places_dirty.add(target_id)
        if target_id in self.places:
            return

        async def refresh() -> None:
            try:
                while target_id in self.places_dirty:
                    self.places_dirty.discard(target_id)
                    await queue.show_places(self.ctx, target_id, online)
            finally:
                self.places.pop(target_id, None)

        self.places[target_id] = asyncio.create_task(refresh(), name=f"queue places of {target_id}")


async def prepare(ctx: Context, job_id: str) -> RunRequest:
    """The run as the agent gets it: signed links to the model's files and the dataset."""
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


async def mark_running(ctx: Context, job_id: str, target_id: str, instance: str) -> None:
    """The agent (process ``instance``) took the run; a cancel that raced the hand-over stops it there too."""
    job = await ctx.jobs.update(job_id, status=JobStatus.running, progress=0.01, stage=f"sent to agent {target_id}",
                                expect=JobStatus.queued)
    with ctx.db.session() as session:  # after: a heartbeat meanwhile sees a run just started, judged later
        session.get(RunRow, job_id).agent_instance = instance
    if job.status == JobStatus.cancelled:
        await tell_agent_to_cancel(ctx, target_id, job_id)


async def cancel(ctx: Context, job_id: str) -> Job:
    """Cancel a queued run at once (the runs behind it move up); ask the agent to stop a running one
    (it reports ``cancelled``)."""
    job = ctx.jobs.get(job_id)
    target_id = repository.target_of(ctx, job_id)
    if job.status == JobStatus.queued:
        job = await ctx.jobs.update(job_id, status=JobStatus.cancelled, stage="cancelled by the user",
                                    expect=JobStatus.queued)
        if job.status == JobStatus.cancelled and target_id is not None:
            await queue.show_places(ctx, target_id, online=is_online(ctx, target_id))
            return job
        if job.status != JobStatus.running:  # it finished meanwhile
            return job
    if job.status != JobStatus.running:
        raise ConflictError(f"job {job_id} is {job.status.value}", code="job.not_cancellable")
    if await tell_agent_to_cancel(ctx, target_id, job_id):
        return await ctx.jobs.update(job_id, stage="cancelling")
    # the agent is gone or is not running this job: nothing runs any more
    return await ctx.jobs.update(job_id, status=JobStatus.cancelled, stage="cancelled by the user")


def is_online(ctx: Context, target_id: str) -> bool:
    try:
        return targets.is_alive(ctx, targets.get_row(ctx, target_id), since=ctx.started_at)
    except NotFoundError:
        return False


async def tell_agent_to_cancel(ctx: Context, target_id: str, job_id: str) -> bool:
    """True when the agent runs the job and will stop it (it then reports ``job.cancelled``)."""
    try:
        answer = await bus.request(ctx.bus.nc, subjects.agent_in(target_id, "cancel"), CancelRequest(job_id=job_id),
                                   RunAccepted, timeout=5)
    except UnavailableError:
        return False
    return answer.accepted
