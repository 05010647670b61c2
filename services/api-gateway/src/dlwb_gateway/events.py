"""Relay job events from NATS (``dlwb.events.jobs.<id>``) to any number of SSE listeners."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict

from nats.aio.msg import Msg

from dlwb_common import subjects
from dlwb_common.messages.jobs import Job
from dlwb_service_kit.runtime import BusRuntime

log = logging.getLogger(__name__)


class EventRelay:
    def __init__(self, bus: BusRuntime) -> None:
        self.bus = bus
        self.listeners: dict[str, set[asyncio.Queue[Job]]] = defaultdict(set)

    async def start(self) -> None:
        await self.bus.nc.subscribe(subjects.JOB_EVENTS_ALL, cb=self._on_event)

    async def _on_event(self, msg: Msg) -> None:
        try:
            job = Job.decode(msg.data)
        except ValueError:
            log.warning("dropping malformed job event on %s", msg.subject)
            return
        for queue in list(self.listeners.get(job.id, ())):
            queue.put_nowait(job)

    def listen(self, job_id: str) -> asyncio.Queue[Job]:
        queue: asyncio.Queue[Job] = asyncio.Queue()
        self.listeners[job_id].add(queue)
        return queue

    def forget(self, job_id: str, queue: asyncio.Queue[Job]) -> None:
        self.listeners[job_id].discard(queue)
        if not self.listeners[job_id]:
            del self.listeners[job_id]
