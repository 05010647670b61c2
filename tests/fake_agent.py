"""A target agent and the model-service's two lookups, as fakes on the real NATS protocol (the agent
connects as its own NATS user, so the server's permissions apply). The test drives the agent: it takes
runs and holds them until told to finish, forget or restart; its heartbeats can be paused like a
SIGSTOPped process. It runs on its own thread and event loop, beside the service under test."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Coroutine
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg

from dlwb_common import bus, subjects
from dlwb_common.errors import CancelledError, ConflictError, ErrorBody
from dlwb_common.messages.agent import (
    AgentInventory,
    AgentJobOutcome,
    ArtifactRef,
    BenchmarkResult,
    CancelRequest,
    DatasetSpec,
    DeviceInfo,
    Heartbeat,
    LatencyStats,
    RunAccepted,
    RunRequest,
)
from dlwb_common.messages.models import ArtifactsReply, DatasetReply
from tests.support import NatsServer

INVENTORY = AgentInventory(hostname="fake", os="Linux", cpu="fake CPU", cores=2, memory_bytes=2**30,
                           openvino_version="fake", devices=[DeviceInfo(name="CPU")])
REF = ArtifactRef(sha256="0" * 64, size=1, url="http://127.0.0.1:1/artifact")


def fake_result() -> BenchmarkResult:
    """A well-formed result (its figures mean nothing: queue tests look at order and states only)."""
    latency = LatencyStats(count=1, median=1.0, mean=1.0, min=1.0, max=1.0, stdev=0.0)
    return BenchmarkResult(throughput_fps=1.0, count=1, duration_ms=1.0, batch=1, nireq=1, first_inference_ms=1.0,
                           read_ms=1.0, compile_ms=1.0, latency=latency)


class FakeAgent:
    def __init__(self, nats: NatsServer, agent_id: str = "alpha", interval: float = 0.2) -> None:
        self.nats = nats
        self.agent_id = agent_id
        self.interval = interval
        self.instance = secrets.token_hex(4)
        self.busy: str | None = None
        self.finished: list[str] = []
        self.received: list[str] = []  # run requests, in the order they came
        self.cancels: list[str] = []
        self.beating = threading.Event()
        self.beating.set()
        self.drop_replies = False  # take runs without answering (an answer lost on the way)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._agent: Client | None = None
        self._services: Client | None = None
        self._wake = asyncio.Event()

    def start(self) -> None:
        self._thread.start()
        self.call(self._start())

    def stop(self) -> None:
        self.call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)

    def call(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    # what the test does to the agent
    def finish(self, succeeded: bool = True) -> str:
        """The held run ends (an outcome goes to JetStream); returns its id."""
        return self.call(self._finish(succeeded))

    def forget(self) -> None:
        """The agent drops its run without an outcome (a bug, or a run it never really started)."""
        self.busy = None
        self.loop.call_soon_threadsafe(self._wake.set)

    def restart(self) -> None:
        """A new agent process: new instance, nothing running, nothing finished."""
        self.instance, self.busy, self.finished = secrets.token_hex(4), None, []
        self.loop.call_soon_threadsafe(self._wake.set)

    def pause_beats(self) -> None:
        self.beating.clear()

    def resume_beats(self) -> None:
        self.beating.set()
        self.loop.call_soon_threadsafe(self._wake.set)

    # the protocol
    async def _start(self) -> None:
        self._agent = await bus.connect(self.nats.url, name=f"agent-{self.agent_id}", user=f"agent-{self.agent_id}",
                                        password=self.nats.agent_passwords[self.agent_id],
                                        inbox_prefix=subjects.agent_inbox_prefix(self.agent_id))
        await self._agent.subscribe(subjects.agent_in(self.agent_id, "run"), cb=self._on_run)
        await self._agent.subscribe(subjects.agent_in(self.agent_id, "cancel"), cb=self._on_cancel)
        self._services = await bus.connect(self.nats.url, name="fake-model-service", user="services",
                                           password=self.nats.services_password)
        await self._services.subscribe(subjects.MODEL_ARTIFACTS, cb=self._on_artifacts)
        await self._services.subscribe(subjects.DATASET_GET, cb=self._on_dataset)
        await self._beat()
        await self._agent.flush()  # known to the server before the test goes on
        self._beats = asyncio.create_task(self._beat_forever())

    async def _stop(self) -> None:
        self._beats.cancel()
        for connection in (self._agent, self._services):
            await connection.close()

    async def _beat(self) -> None:
        beat = Heartbeat(agent_id=self.agent_id, instance=self.instance, busy_job_id=self.busy,
                         finished_job_ids=self.finished[-8:], inventory=INVENTORY, interval_seconds=self.interval)
        await self._agent.publish(subjects.agent_out(self.agent_id, "heartbeat"), beat.encode())

    async def _beat_forever(self) -> None:
        while True:
            if self.beating.is_set():
                await self._beat()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            except TimeoutError:
                pass
            self._wake.clear()

    async def _on_run(self, msg: Msg) -> None:
        request = RunRequest.decode(msg.data)
        if self.busy not in (None, request.job_id):
            await bus.respond_error(self._agent, msg, ConflictError(f"busy with {self.busy}", code="target.busy"))
            return
        self.busy = request.job_id
        self.received.append(request.job_id)
        if not self.drop_replies:
            await msg.respond(RunAccepted(instance=self.instance).encode())

    async def _on_cancel(self, msg: Msg) -> None:
        job_id = CancelRequest.decode(msg.data).job_id
        self.cancels.append(job_id)
        running = job_id == self.busy
        await msg.respond(RunAccepted(accepted=running).encode())
        if running:
            await self._outcome(AgentJobOutcome(job_id=job_id, agent_id=self.agent_id, succeeded=False,
                                                error=ErrorBody(code=CancelledError.code, message="cancelled")))

    async def _finish(self, succeeded: bool) -> str:
        job_id = self.busy
        assert job_id is not None, "the agent runs nothing"
        outcome = AgentJobOutcome(job_id=job_id, agent_id=self.agent_id, succeeded=succeeded,
                                  result=fake_result() if succeeded else None,
                                  error=None if succeeded else ErrorBody(code="run.failed", message="it broke"))
        await self._outcome(outcome)
        return job_id

    async def _outcome(self, outcome: AgentJobOutcome) -> None:
        self.busy = None
        self.finished.append(outcome.job_id)
        self._wake.set()  # an idle agent beats at once
        await self._agent.jetstream().publish(subjects.agent_out(self.agent_id, "result"), outcome.encode())

    async def _on_artifacts(self, msg: Msg) -> None:
        await msg.respond(ArtifactsReply(model_id="mdl_1", precision="FP32", xml=REF, bin=REF).encode())

    async def _on_dataset(self, msg: Msg) -> None:
        await msg.respond(DatasetReply(dataset_id="ds_1", spec=DatasetSpec()).encode())
