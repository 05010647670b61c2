"""The agent's heartbeats come from their own thread and NATS connection: a blocked agent event loop (as
a long synchronous call in it would block it) does not stop them, and an agent that becomes idle beats
at once instead of after its interval."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable

import pytest
from nats.aio.subscription import Subscription

from dlwb_agent.config import AgentSettings
from dlwb_agent.heartbeat import Heartbeats
from dlwb_common import bus, subjects
from dlwb_common.messages.agent import Heartbeat
from tests.fake_agent import INVENTORY
from tests.support import NatsServer


@pytest.fixture
async def beats(nats_server: NatsServer) -> AsyncIterator[Subscription]:
    listener = await bus.connect(nats_server.url, name="listener", user="services",
                                 password=nats_server.services_password)
    subscription = await listener.subscribe(subjects.agent_out("alpha", "heartbeat"))
    await listener.flush()
    yield subscription
    await listener.close()


def heartbeats(nats_server: NatsServer, interval: float, busy: Callable[[], str | None]) -> Heartbeats:
    settings = AgentSettings(id="alpha", nats_url=nats_server.url, nats_password=nats_server.agent_passwords["alpha"],
                             heartbeat_seconds=interval)
    return Heartbeats(settings, lambda: Heartbeat(agent_id="alpha", instance="i1", busy_job_id=busy(),
                                                  inventory=INVENTORY, interval_seconds=interval))


async def test_beats_go_out_while_the_agent_event_loop_is_blocked(nats_server: NatsServer,
                                                                 beats: Subscription) -> None:
    interval = 0.1
    sender = heartbeats(nats_server, interval, lambda: "benchmark_1")
    sender.start()
    try:
        assert Heartbeat.decode((await beats.next_msg(timeout=10)).data).busy_job_id == "benchmark_1"
        blocked_until = time.monotonic() + 10 * interval  # this loop cannot run anything for ten intervals
        while time.monotonic() < blocked_until:
            sum(range(1000))
        received = 0
        while True:  # the beats sent meanwhile wait on this connection's socket
            try:
                await beats.next_msg(timeout=0.05)
                received += 1
            except TimeoutError:
                break
        assert received >= 3, received  # about ten went out while the loop was blocked
    finally:
        await asyncio.to_thread(sender.stop)


async def test_an_agent_that_becomes_idle_beats_at_once(nats_server: NatsServer, beats: Subscription) -> None:
    busy: dict[str, str | None] = {"job": "benchmark_1"}
    sender = heartbeats(nats_server, 600.0, lambda: busy["job"])  # the next periodic beat is ten minutes away
    sender.start()
    try:
        assert Heartbeat.decode((await beats.next_msg(timeout=10)).data).busy_job_id == "benchmark_1"
        busy["job"] = None
        sender.now()
        assert Heartbeat.decode((await beats.next_msg(timeout=10)).data).busy_job_id is None
    finally:
        await asyncio.to_thread(sender.stop)
