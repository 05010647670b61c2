"""Heartbeats that a benchmark cannot starve: sent from their own thread, with their own event loop and
NATS connection. Inference runs in another thread (``Runner``) and the agent's main loop handles jobs;
neither can delay a beat by holding its loop. A beat also goes out at once when the agent becomes idle,
so the server sends the next queued run without waiting for the next interval."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable

from dlwb_agent.config import AgentSettings
from dlwb_common import bus, subjects
from dlwb_common.messages.agent import Heartbeat

log = logging.getLogger(__name__)


class Heartbeats:
    def __init__(self, settings: AgentSettings, beat: Callable[[], Heartbeat]) -> None:
        self.settings = settings
        self.beat = beat  # the current heartbeat (read from the runner's state; called on this thread)
        self._thread = threading.Thread(target=self._run, name="heartbeats", daemon=True)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._stop = threading.Event()
        self._ready = threading.Event()

    def start(self) -> None:
        self._thread.start()
        self._ready.wait()

    def now(self) -> None:
        """Send a beat at once (thread-safe)."""
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    def stop(self) -> None:
        self._stop.set()
        self.now()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self._loop, self._wake = asyncio.get_running_loop(), asyncio.Event()
        self._ready.set()
        settings = self.settings
        nc = await bus.connect(settings.nats_url, name=f"agent-{settings.id}-heartbeats", user=settings.user,
                               password=settings.nats_password,
                               inbox_prefix=subjects.agent_inbox_prefix(settings.id))
        try:
            while not self._stop.is_set():
                try:
                    await nc.publish(subjects.agent_out(settings.id, "heartbeat"), self.beat().encode())
                    await nc.flush(timeout=settings.heartbeat_seconds)
                except Exception as exc:  # reconnecting: the next beat will go out
                    log.warning("heartbeat not sent: %s", exc)
                try:
                    await asyncio.wait_for(self._wake.wait(), timeout=settings.heartbeat_seconds)
                except TimeoutError:
                    pass
                self._wake.clear()
        finally:
            await nc.drain()
