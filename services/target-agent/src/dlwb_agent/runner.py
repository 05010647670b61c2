"""Take jobs from the bus one at a time, run them, and report progress and the outcome."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx
import openvino as ov
from nats.aio.client import Client
from nats.aio.msg import Msg

from dlwb_agent.accuracy import run_accuracy_task
from dlwb_agent.benchmark import Progress, run_benchmark
from dlwb_agent.calibration import calibrate
from dlwb_agent.layer_profile import run_layer_profile
from dlwb_agent.sweep import run_sweep
from dlwb_common import subjects
from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.bus import respond_error
from dlwb_common.errors import CancelledError, ConflictError, DlwbError, ErrorBody, InvalidInputError
from dlwb_common.messages.agent import (
    AgentInventory,
    AgentJobOutcome,
    AgentProgress,
    AgentTask,
    CancelRequest,
    RunAccepted,
    RunRequest,
    SweepPointResult,
)
from dlwb_common.messages.calibration import AgentCalibrationReply, AgentCalibrationRequest
from dlwb_engine.artifacts import ArtifactCache

log = logging.getLogger(__name__)

# where each kind of run puts its result in the outcome (a sweep sends its points one by one)
RESULT_FIELDS = {AgentTask.benchmark: "result", AgentTask.layer_profile: "layer_profile",
                 AgentTask.accuracy: "accuracy"}
FINISHED_KEPT = 8  # runs finished lately, named in heartbeats (their outcomes are stored or on the way)


class Runner:
    def __init__(self, agent_id: str, nc: Client, cache: ArtifactCache, core: ov.Core,
                 inventory: AgentInventory, instance: str = "") -> None:
        self.agent_id = agent_id
        self.instance = instance
        self.inventory = inventory
        self.nc = nc
        self.js = nc.jetstream()
        self.cache = cache
        self.core = core
        self.busy_job_id: str | None = None
        self.finished: deque[str] = deque(maxlen=FINISHED_KEPT)
        self.cancel = threading.Event()
        self.stopping = False  # the agent is stopping: a run cut off now failed, nobody cancelled it
        self.on_idle: Callable[[], None] = lambda: None  # called when a job ends (a heartbeat goes out)
        self._task: asyncio.Task[None] | None = None

    async def on_run(self, msg: Msg) -> None:
        try:
            request = RunRequest.decode(msg.data)
        except ValueError as exc:
            await respond_error(self.nc, msg, InvalidInputError(f"malformed run request: {exc}",
                                                                code="request.invalid"))
            return
        if self.busy_job_id == request.job_id:  # a re-sent request for the job already running here
            await msg.respond(RunAccepted(accepted=True, instance=self.instance).encode())
            return
        if self.busy_job_id is not None or self.stopping:
            await respond_error(self.nc, msg, self.busy())
            return
        self.busy_job_id = request.job_id
        self.cancel.clear()
        await msg.respond(RunAccepted(accepted=True, instance=self.instance).encode())
        self._task = asyncio.create_task(self.run(request), name=f"job {request.job_id}")

    async def on_calibrate(self, msg: Msg) -> None:
        """A calibration for the calibration-service: answered when done (it waits on the request)."""
        try:
            request = AgentCalibrationRequest.decode(msg.data)
        except ValueError as exc:
            await respond_error(self.nc, msg, InvalidInputError(f"malformed calibration request: {exc}",
                                                                code="request.invalid"))
            return
        if self.busy_job_id is not None:
            await respond_error(self.nc, msg, self.busy())
            return
        self.busy_job_id = request.job_id
        self._task = asyncio.create_task(self.run_calibration(request, msg), name=f"calibration {request.job_id}")

    async def run_calibration(self, request: AgentCalibrationRequest, msg: Msg) -> None:
        async def report(fraction: float, stage: str) -> None:
            await self.publish_progress(AgentProgress(job_id=request.job_id, agent_id=self.agent_id,
                                                      progress=fraction, stage=stage))

        try:
            stats, xml_sha256, bin_sha256 = await calibrate(request, self.cache, report)
        except Exception as exc:  # noqa: BLE001 - the caller must hear about every failure
            if not isinstance(exc, DlwbError):
                log.exception("calibration %s failed", request.job_id)
                exc = DlwbError(str(exc), code="calibration.failed")
            self.idle()
            await respond_error(self.nc, msg, exc)
            return
        self.idle()
        await msg.respond(AgentCalibrationReply(stats=stats, xml_sha256=xml_sha256, bin_sha256=bin_sha256).encode())

    def idle(self, finished: str | None = None) -> None:
        if finished is not None:
            self.finished.append(finished)
        self.busy_job_id = None
        self.on_idle()

    def busy(self) -> ConflictError:
        return ConflictError(f"agent {self.agent_id} is busy with {self.busy_job_id}", code="target.busy")

    async def shutdown(self) -> None:
        """On stop: cancel the running job and wait until its (cancelled) outcome is stored."""
        self.stopping = True
        if self._task is not None and not self._task.done():
            self.cancel.set()
            await self._task

    async def on_cancel(self, msg: Msg) -> None:
        try:
            request = CancelRequest.decode(msg.data)
        except ValueError:
            return
        if request.job_id == self.busy_job_id:
            self.cancel.set()
        if msg.reply:
            await msg.respond(RunAccepted(accepted=request.job_id == self.busy_job_id).encode())

    async def run(self, request: RunRequest) -> None:
        loop = asyncio.get_running_loop()

        def report(progress: Progress) -> None:
            message = AgentProgress(job_id=request.job_id, agent_id=self.agent_id, progress=progress.fraction,
                                    stage=progress.stage, elapsed_seconds=progress.elapsed_seconds,
                                    throughput_fps=progress.throughput_fps,
                                    latency_median_ms=progress.latency_median_ms)
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self.publish_progress(message)))

        def on_point(point: SweepPointResult) -> None:
            outcome = AgentJobOutcome(job_id=request.job_id, agent_id=self.agent_id, succeeded=point.result is not None,
                                      point=point, final=False)
            asyncio.run_coroutine_threadsafe(self.publish_outcome(outcome), loop).result()

        try:
            result = await asyncio.to_thread(self.execute, request, report, on_point)
            outcome = AgentJobOutcome(job_id=request.job_id, agent_id=self.agent_id, succeeded=True,
                                      **({RESULT_FIELDS[request.task]: result} if result is not None else {}))
        except CancelledError as exc:
            outcome = (self.failure(request, "agent.stopped", f"agent {self.agent_id} was stopped while running "
                                    "the job (the agent or the workbench restarted); retry the run")
                       if self.stopping else self.failure(request, exc.code, exc.message))
        except DlwbError as exc:
            outcome = self.failure(request, exc.code, exc.message)
        except Exception as exc:  # OpenVINO errors carry the plugin's message: pass it on
            log.exception("job %s failed", request.job_id)
            outcome = self.failure(request, "run.failed", f"the {request.task.value} run failed: {str(exc)[:2000]}")
        self.idle(finished=request.job_id)  # free for the next run now; the heartbeat names this one finished
        await self.publish_outcome(outcome)

    def failure(self, request: RunRequest, code: str, message: str) -> AgentJobOutcome:
        return AgentJobOutcome(job_id=request.job_id, agent_id=self.agent_id, succeeded=False,
                               error=ErrorBody(code=code, message=message))

    def execute(self, request: RunRequest, report, on_point) -> Any:  # type: ignore[no-untyped-def]
        report(Progress(0.01, "fetching the model"))
        started = time.perf_counter()
        cached = all(self.cache.path(ref.sha256).exists() for ref in (request.model_xml, request.model_bin))
        with httpx.Client(timeout=httpx.Timeout(60.0, connect=10.0)) as client:
            xml = self.cache.fetch(request.model_xml, client)
            weights = self.cache.fetch(request.model_bin, client)
        manifest = {"model_xml_sha256": request.model_xml.sha256, "model_bin_sha256": request.model_bin.sha256,
                    "agent_id": self.agent_id, "cpu": self.inventory.cpu, "hostname": self.inventory.hostname,
                    "fetch_ms": (time.perf_counter() - started) * 1000, "fetch_from_cache": cached,
                    "model_bytes": request.model_xml.size + request.model_bin.size}
        common = {"core": self.core, "manifest": manifest, "cancel": self.cancel}
        if request.task == AgentTask.accuracy:
            return run_accuracy_task(xml, weights, request.settings, request.dataset,
                                     request.accuracy or AccuracyConfig(), self.cache, report, **common)
        if request.task == AgentTask.sweep:
            return run_sweep(xml, weights, request.settings, request.sweep, request.dataset, report, on_point,
                             **common)
        run = run_layer_profile if request.task == AgentTask.layer_profile else run_benchmark
        return run(xml, weights, request.settings, request.dataset, report, **common)

    async def publish_progress(self, message: AgentProgress) -> None:
        try:
            await self.nc.publish(subjects.agent_out(self.agent_id, "progress"), message.encode())
        except Exception as exc:  # progress is best effort; the outcome is not
            log.debug("progress not sent: %s", exc)

    async def publish_outcome(self, outcome: AgentJobOutcome) -> None:
        """Persist the outcome in JetStream, retrying through NATS outages until it is stored."""
        while True:
            try:
                await self.js.publish(subjects.agent_out(self.agent_id, "result"), outcome.encode(), timeout=5)
                return
            except Exception as exc:
                log.warning("outcome of %s not stored yet (%s); retrying", outcome.job_id, exc)
                await asyncio.sleep(1)
