"""The target agent: dials out to NATS, reports its inventory, runs benchmark jobs."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal

import openvino as ov

from dlwb_agent.config import AgentSettings
from dlwb_agent.fetch import ArtifactCache
from dlwb_agent.inventory import collect
from dlwb_agent.runner import Runner
from dlwb_common import bus, subjects
from dlwb_common.logging import setup_logging
from dlwb_common.messages.agent import Heartbeat

log = logging.getLogger(__name__)


async def serve(settings: AgentSettings, stop: asyncio.Event) -> None:
    core = ov.Core()
    inventory = collect(core)
    instance = secrets.token_hex(8)
    nc = await bus.connect(settings.nats_url, name=f"agent-{settings.id}", user=settings.user,
                           password=settings.nats_password, inbox_prefix=subjects.agent_inbox_prefix(settings.id))
    runner = Runner(settings.id, nc, ArtifactCache(settings.cache_dir), core, inventory)
    await nc.subscribe(subjects.agent_in(settings.id, "run"), cb=runner.on_run)
    await nc.subscribe(subjects.agent_in(settings.id, "cancel"), cb=runner.on_cancel)
    log.info("agent %s connected to %s; devices: %s", settings.id, settings.nats_url,
             ", ".join(d.name for d in inventory.devices))
    try:
        while not stop.is_set():
            beat = Heartbeat(agent_id=settings.id, instance=instance, busy_job_id=runner.busy_job_id,
                             inventory=inventory, interval_seconds=settings.heartbeat_seconds)
            try:
                await nc.publish(subjects.agent_out(settings.id, "heartbeat"), beat.encode())
            except Exception as exc:  # reconnecting: the next beat will go out
                log.warning("heartbeat not sent: %s", exc)
            try:
                await asyncio.wait_for(stop.wait(), timeout=settings.heartbeat_seconds)
            except TimeoutError:
                pass
    finally:
        await nc.drain()


def run() -> None:
    settings = AgentSettings()
    setup_logging(f"agent-{settings.id}", settings.log_level)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop)

    asyncio.run(main())


if __name__ == "__main__":
    run()
