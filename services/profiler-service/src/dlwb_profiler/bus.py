"""The profiler-service on NATS: heartbeats, the run queues, agent progress and outcomes."""

from __future__ import annotations

import asyncio
import logging
import time

from nats.aio.msg import Msg

from dlwb_common import bus, subjects
from dlwb_common.agent_release import WORKBENCH_VERSION, AgentVersionError, check_agent_version
from dlwb_common.messages.agent import AgentHello, AgentJobOutcome, AgentProgress, Heartbeat, HelloReply
from dlwb_common.messages.jobs import JobKind, JobQueued
from dlwb_profiler.context import Context
from dlwb_profiler.runs import outcomes, queue, repository
from dlwb_profiler.runs.dispatch import Dispatcher, is_online
from dlwb_profiler.runs.reconcile import reconcile
from dlwb_profiler.target import service as targets
from dlwb_service_kit.jobs import utcnow

log = logging.getLogger(__name__)

STALL_SECONDS = 2.0  # the sweeper woke this much later than asked: this service itself was starved


async def start_subscriptions(ctx: Context, dispatcher: Dispatcher) -> None:
    async def on_heartbeat(msg: Msg) -> None:
        try:
            beat = Heartbeat.decode(msg.data)
            if beat.agent_id != subjects.agent_id_from_subject(msg.subject):
                raise ValueError(f"agent {beat.agent_id} spoke on {msg.subject}")
        except ValueError as exc:
            log.warning("dropping bad heartbeat: %s", exc)
            return
        try:  # an agent of another version is never registered, so no run is sent to it
            if beat.agent_version is not None:  # none stated: a test double (enrolment and hello require one)
                check_agent_version(beat.agent_version, beat.agent_id, ctx.settings.public_url)
        except AgentVersionError as exc:
            if beat.agent_id not in refused:
                log.warning("ignoring heartbeats: %s", exc.message)
                refused.add(beat.agent_id)
            return
        refused.discard(beat.agent_id)
        targets.record_heartbeat(ctx, beat)
        await reconcile(ctx, beat)
        dispatcher.kick(beat.agent_id)  # an idle agent beats at once: its next run goes now

    async def on_hello(msg: Msg) -> None:
        try:
            hello = AgentHello.decode(msg.data)
            if hello.agent_id != subjects.agent_id_from_subject(msg.subject):
                raise ValueError(f"agent {hello.agent_id} spoke on {msg.subject}")
            check_agent_version(hello.agent_version, hello.agent_id, ctx.settings.public_url)
        except ValueError as exc:
            log.warning("dropping bad hello: %s", exc)
            return
        except AgentVersionError as exc:
            await bus.respond_error(ctx.bus.nc, msg, exc)
            return
        await msg.respond(HelloReply(workbench_version=WORKBENCH_VERSION).encode())

    async def on_progress(msg: Msg) -> None:
        try:
            progress = AgentProgress.decode(msg.data)
        except ValueError as exc:
            log.warning("dropping bad progress message: %s", exc)
            return
        if progress.agent_id == subjects.agent_id_from_subject(msg.subject):
            await outcomes.record_progress(ctx, progress)

    refused: set[str] = set()
    await ctx.bus.nc.subscribe(subjects.AGENT_HEARTBEATS_ALL, cb=on_heartbeat)
    await ctx.bus.nc.subscribe(subjects.AGENT_HELLOS_ALL, queue="profiler-hello", cb=on_hello)
    await ctx.bus.nc.subscribe(subjects.AGENT_PROGRESS_ALL, cb=on_progress)


async def run_dispatcher(ctx: Context, dispatcher: Dispatcher, kind: JobKind) -> None:
    """A queued run of ``kind`` joins its target's line (the job table keeps it; the dispatcher sends it)."""

    async def handle(msg: Msg) -> None:
        try:
            queued = JobQueued.decode(msg.data)
        except ValueError:
            log.error("dropping malformed %s job message", kind.value)
            await msg.term()
            return
        dispatcher.kick(repository.target_of(ctx, queued.job_id))
        await msg.ack()

    await ctx.bus.consume(stream=subjects.JOBS_STREAM, durable=f"profiler-{kind.value}",
                          subject=subjects.job_queue(kind.value), handler=handle)


async def outcome_worker(ctx: Context, dispatcher: Dispatcher) -> None:
    async def handle(msg: Msg) -> None:
        try:
            outcome = AgentJobOutcome.decode(msg.data)
            if outcome.agent_id != subjects.agent_id_from_subject(msg.subject):
                raise ValueError(f"agent {outcome.agent_id} spoke on {msg.subject}")
        except ValueError as exc:
            log.error("dropping bad agent outcome: %s", exc)
            await msg.term()
            return
        await outcomes.record_outcome(ctx, outcome)
        if outcome.final:
            dispatcher.kick(outcome.agent_id)  # the target is free: its next run starts now
        await msg.ack()

    await ctx.bus.consume(stream=subjects.AGENT_OUT_STREAM, durable="profiler-outcomes",
                          subject=subjects.AGENT_RESULTS_ALL, handler=handle)


async def lost_job_sweeper(ctx: Context, dispatcher: Dispatcher, every: float = 1.0) -> None:
    """Once a second: fail running jobs of agents silent for the grace period, and queued runs past their
    queue timeout, and show a line's places when its target goes offline or comes back. When this
    service was starved itself (it woke much later than asked), silence is counted from now."""
    woke = time.monotonic()
    online: dict[str, bool] = {}
    while True:
        await asyncio.sleep(every)
        now = time.monotonic()
        if now - woke > every + STALL_SECONDS:
            log.warning("this service stalled for %.1f s: agents' silence is counted from now", now - woke - every)
            ctx.started_at = utcnow()
        woke = now
        lost = await outcomes.fail_lost_jobs(ctx)
        if lost:
            log.warning("failed the running job(s) of lost agent(s) %s", ", ".join(sorted(lost)))
        for target_id in lost | await queue.expire(ctx):
            dispatcher.kick(target_id)
        for target_id in queue.targets_with_queued_runs(ctx):
            alive = is_online(ctx, target_id)
            if online.get(target_id) not in (None, alive):
                dispatcher.kick(target_id)
            online[target_id] = alive
