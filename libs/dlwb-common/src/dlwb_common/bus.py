"""NATS helpers: connect with sane reconnect settings, declare streams, typed request/reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import NoRespondersError, TimeoutError
from nats.js import JetStreamContext
from nats.js.api import DeliverPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError
from nats.micro.request import Request

from dlwb_common import subjects
from dlwb_common.errors import DlwbError, ErrorBody, InvalidInputError, UnavailableError, error_from
from dlwb_common.messages.base import Message
from dlwb_common.messages.jobs import Job

log = logging.getLogger(__name__)

M = TypeVar("M", bound=Message)

# An error answer (nats.micro's convention): the message and the HTTP status in these headers, and the
# ``{code, message}`` body of dlwb_common.errors as data, so the caller re-raises the same error.
ERROR_HEADER = "Nats-Service-Error"
ERROR_STATUS_HEADER = "Nats-Service-Error-Code"

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
    """Typed request/reply. An error answer is raised here as the responder raised it (class, code, status)."""
    try:
        msg = await nc.request(subject, message.encode(), timeout=timeout)
    except NoRespondersError as exc:
        raise UnavailableError(f"nobody serves {subject}", code="bus.no_responders") from exc
    except TimeoutError as exc:
        raise UnavailableError(f"{subject} did not answer in {timeout:g} s", code="bus.timeout") from exc
    raise_error_answer(msg)
    return reply_type.decode(msg.data)


def error_answer(error: DlwbError) -> tuple[bytes, dict[str, str]]:
    """The data and headers of an error answer."""
    return (error.body().model_dump_json(exclude_none=True).encode(),
            {ERROR_HEADER: error.message, ERROR_STATUS_HEADER: str(error.status)})


async def respond_error(nc: Client, msg: Msg, error: DlwbError) -> None:
    """Answer a plain subscription's request with ``error``, exactly as a ``typed_handler`` endpoint does."""
    data, headers = error_answer(error)
    await nc.publish(msg.reply, data, headers=headers)


def raise_error_answer(msg: Msg) -> None:
    headers = msg.headers or {}
    if ERROR_HEADER not in headers:
        return
    status = headers.get(ERROR_STATUS_HEADER, "")
    try:
        body = ErrorBody.model_validate_json(msg.data)
    except ValueError:  # a responder that is not ours: its message, no code of ours
        body = ErrorBody(code="remote", message=headers[ERROR_HEADER])
    raise error_from(body, int(status) if status.isdigit() else 502)


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
            await req.respond(*error_answer(InvalidInputError(f"malformed {request_type.__name__}: {exc}",
                                                              code="request.invalid")))
            return
        try:
            reply = await answer(message)
        except DlwbError as exc:
            await req.respond(*error_answer(exc))
            return
        except Exception as exc:  # noqa: BLE001 - every failure must reach the caller
            log.exception("handler of %s failed", request_type.__name__)
            await req.respond(*error_answer(DlwbError(str(exc))))
            return
        await req.respond(reply.encode())

    return handle
