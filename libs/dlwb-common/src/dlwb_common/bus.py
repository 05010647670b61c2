"""NATS helpers: connect with sane reconnect settings, declare streams, typed request/reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import nats
from nats.aio.client import Client
from nats.errors import NoRespondersError, TimeoutError
from nats.js import JetStreamContext
from nats.js.api import DeliverPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError
from nats.micro.request import Request

from dlwb_common import subjects
from dlwb_common.errors import DlwbError, RemoteError, UnavailableError
from dlwb_common.messages.base import Message
from dlwb_common.messages.jobs import Job

log = logging.getLogger(__name__)

M = TypeVar("M", bound=Message)

ERROR_HEADER = "Nats-Service-Error"
ERROR_CODE_HEADER = "Nats-Service-Error-Code"

STREAMS = [
    StreamConfig(name=subjects.JOBS_STREAM, subjects=[subjects.JOBS_ALL],
                 retention=RetentionPolicy.WORK_QUEUE, storage=StorageType.FILE),
    StreamConfig(name=subjects.EVENTS_STREAM, subjects=[subjects.EVENTS_ALL],
                 retention=RetentionPolicy.LIMITS, storage=StorageType.FILE, max_age=24 * 3600.0,
                 max_msgs_per_subject=50),
    StreamConfig(name=subjects.AGENT_OUT_STREAM, subjects=[subjects.AGENT_RESULTS_ALL],
                 retention=RetentionPolicy.WORK_QUEUE, storage=StorageType.FILE,
                 max_msgs=100_000, max_bytes=1024**3),  # bounded: an agent cannot fill the disk
]


async def connect(url: str, *, name: str, user: str | None = None, password: str | None = None,
                  inbox_prefix: str | None = None, connect_timeout: float = 30.0) -> Client:
    """Connect and keep reconnecting forever: a restarted nats-server must not kill a service.

    The first connection is retried until ``connect_timeout`` so that start order does not matter.
    """
    options: dict[str, object] = {
        "name": name,
        "max_reconnect_attempts": -1,
        "reconnect_time_wait": 0.5,
        "allow_reconnect": True,
    }
    if user:
        options |= {"user": user, "password": password}
    if inbox_prefix:
        options["inbox_prefix"] = inbox_prefix.encode()

    async def on_error(exc: Exception) -> None:
        log.warning("nats: %s", exc)

    async def on_disconnect() -> None:
        log.warning("nats: disconnected")

    async def on_reconnect() -> None:
        log.info("nats: reconnected")

    deadline = asyncio.get_running_loop().time() + connect_timeout
    while True:
        remaining = max(1.0, deadline - asyncio.get_running_loop().time())
        try:
            return await asyncio.wait_for(nats.connect(url, error_cb=on_error, disconnected_cb=on_disconnect,
                                                       reconnected_cb=on_reconnect, **options), remaining)
        except Exception as exc:  # nats raises several unrelated types on a refused first connect
            if asyncio.get_running_loop().time() > deadline:
                raise UnavailableError(f"cannot connect to NATS at {url}: {exc}",
                                       code="nats.unavailable") from exc
            await asyncio.sleep(0.25)


async def ensure_streams(js: JetStreamContext) -> None:
    """Create or update the JetStream streams this system uses (idempotent)."""
    for config in STREAMS:
        try:
            await js.add_stream(config)
        except BadRequestError:
            await js.update_stream(config)


async def request(nc: Client, subject: str, message: Message, reply_type: type[M],
                  timeout: float = 10.0) -> M:
    """Typed request/reply. Errors answered by a nats.micro endpoint come back as ``RemoteError``."""
    try:
        msg = await nc.request(subject, message.encode(), timeout=timeout)
    except NoRespondersError as exc:
        raise UnavailableError(f"nobody serves {subject}", code="bus.no_responders") from exc
    except TimeoutError as exc:
        raise UnavailableError(f"{subject} did not answer in {timeout:g} s", code="bus.timeout") from exc
    headers = msg.headers or {}
    if ERROR_HEADER in headers:
        raise RemoteError(headers[ERROR_HEADER], code=headers.get(ERROR_CODE_HEADER, "remote"))
    return reply_type.decode(msg.data)



async def wait_for_job(js: JetStreamContext, job_id: str, timeout: float,
                       on_update: Callable[[Job], Awaitable[None]] | None = None) -> Job:
    """Follow another service's job through its events (the stream keeps the latest per job) until it
    finishes; ``on_update`` sees every state on the way."""
    subscription = await js.subscribe(subjects.job_events(job_id), ordered_consumer=True,
                                      deliver_policy=DeliverPolicy.LAST_PER_SUBJECT)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise UnavailableError(f"job {job_id} did not finish in {timeout:g} s", code="job.timeout")
            try:
                msg = await subscription.next_msg(timeout=min(remaining, 5.0))
            except TimeoutError:
                continue
            job = Job.decode(msg.data)
            if on_update:
                await on_update(job)
            if job.status.finished:
                return job
    finally:
        await subscription.unsubscribe()


def typed_handler(request_type: type[Message], answer: Callable[[Any], Awaitable[Message]]
                  ) -> Callable[[Request], Awaitable[None]]:
    """Wrap ``answer`` as a nats.micro handler: decode, answer, encode; errors become service errors."""

    async def handle(req: Request) -> None:
        try:
            message = request_type.decode(req.data)
        except ValueError as exc:
            await req.respond_error("request.invalid", f"malformed {request_type.__name__}: {exc}")
            return
        try:
            reply = await answer(message)
        except DlwbError as exc:
            await req.respond_error(exc.code, exc.message)
            return
        except Exception as exc:  # noqa: BLE001 - every failure must reach the caller
            log.exception("handler of %s failed", request_type.__name__)
            await req.respond_error("internal", str(exc))
            return
        await req.respond(reply.encode())

    return handle
