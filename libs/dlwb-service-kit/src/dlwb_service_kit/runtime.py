"""The NATS side of a service: one connection, JetStream, and supervised background tasks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig

from dlwb_common import bus
from dlwb_common.errors import NotFoundError
from dlwb_common.messages.jobs import JobQueued
from dlwb_common.settings import CommonSettings

log = logging.getLogger(__name__)


class BusRuntime:
    def __init__(self, name: str, settings: CommonSettings) -> None:
        self.name = name
        self.settings = settings
        self._nc: Client | None = None
        self._js: JetStreamContext | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def nc(self) -> Client:
        assert self._nc is not None, "bus not started"
        return self._nc

    @property
    def js(self) -> JetStreamContext:
        assert self._js is not None, "bus not started"
        return self._js

    @property
    def connected(self) -> bool:
        return self._nc is not None and self._nc.is_connected

    async def start(self) -> None:
        self._nc = await bus.connect(self.settings.nats_url, name=self.name, user=self.settings.nats_user,
                                     password=self.settings.resolved_nats_password())
        self._js = self._nc.jetstream()
        await bus.ensure_streams(self._js)

    def spawn(self, factory: Callable[[], Coroutine[Any, Any, None]], what: str) -> None:
        """Run a background loop made by ``factory``; a crash is logged loudly and the loop restarted."""

        async def supervised() -> None:
            while True:
                try:
                    await factory()
                    return
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("%s crashed; restarting in 1 s", what)
                    await asyncio.sleep(1)

        task = asyncio.create_task(supervised(), name=what)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def consume(self, *, stream: str, durable: str, subject: str,
                      handler: Callable[[Msg], Awaitable[None]], ack_wait: float = 60.0,
                      max_deliver: int = -1, give_up_after: int = 20) -> None:
        """Pull messages of a durable JetStream consumer forever, one at a time.

        The handler acks (or naks/terms) each message itself; a message not acked in ``ack_wait``
        seconds is redelivered, so a job survives a crash of this service. A handler error does not
        stop the loop: the message is retried with a growing delay, and dropped (logged) after
        ``give_up_after`` deliveries; one about an unknown resource is dropped at once.
        """
        config = ConsumerConfig(durable_name=durable, ack_policy=AckPolicy.EXPLICIT, ack_wait=ack_wait,
                                max_deliver=max_deliver, filter_subject=subject)
        subscription = await self.js.pull_subscribe(subject, durable=durable, stream=stream, config=config)
        try:
            while True:
                try:
                    messages = await subscription.fetch(1, timeout=5)
                except TimeoutError:
                    continue
                except Exception as exc:  # noqa: BLE001 - reconnects surface as assorted errors
                    if "timeout" in type(exc).__name__.lower():
                        continue
                    log.warning("%s: fetch failed (%s); retrying", durable, exc)
                    await asyncio.sleep(0.5)
                    continue
                for message in messages:
                    await self._handle(durable, message, handler, give_up_after)
        finally:
            await subscription.unsubscribe()

    @staticmethod
    async def _handle(durable: str, message: Msg, handler: Callable[[Msg], Awaitable[None]],
                      give_up_after: int) -> None:
        try:
            await handler(message)
        except NotFoundError as exc:
            log.error("%s: dropping a message about something that does not exist: %s", durable, exc)
            await message.term()
        except Exception:
            delivered = message.metadata.num_delivered if message.metadata else 1
            if delivered >= give_up_after:
                log.exception("%s: dropping a message that failed %d times", durable, delivered)
                await message.term()
            else:
                log.exception("%s: handling failed (delivery %d); retrying later", durable, delivered)
                await message.nak(delay=min(30.0, 0.5 * 2 ** delivered))

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._nc is not None and not self._nc.is_closed:
            try:
                await self._nc.drain()
            except Exception as exc:  # NATS already gone: nothing left to flush
                log.info("could not drain the NATS connection (%s); closing it", exc)
                await self._nc.close()


async def keep_alive(msg: Msg, every: float = 10.0) -> None:
    """Tell JetStream a job is still being worked on, so it is not redelivered meanwhile."""
    while True:
        await asyncio.sleep(every)
        await msg.in_progress()


def job_worker(run: Callable[[str], Awaitable[None]], kind: str) -> Callable[[Msg], Awaitable[None]]:
    """A queue handler that runs one job (``run(job_id)``) while keeping its message alive, then acks."""

    async def handle(msg: Msg) -> None:
        try:
            queued = JobQueued.decode(msg.data)
        except ValueError:
            log.error("dropping malformed %s job message", kind)
            await msg.term()
            return
        heartbeat = asyncio.create_task(keep_alive(msg))
        try:
            await run(queued.job_id)
        finally:
            heartbeat.cancel()
        await msg.ack()

    return handle
