"""Requests to the other services over NATS, with their errors mapped to this service's."""

from __future__ import annotations

from typing import TypeVar

from dlwb_calibration.context import Context
from dlwb_common.bus import request
from dlwb_common.errors import InvalidInputError, NotFoundError, RemoteError
from dlwb_common.messages.base import Message

R = TypeVar("R", bound=Message)


async def ask(ctx: Context, subject: str, message: Message, reply_type: type[R], timeout: float = 30.0) -> R:
    """A request to another service; its 'not found' stays a 404 here."""
    try:
        return await request(ctx.bus.nc, subject, message, reply_type, timeout=timeout)
    except RemoteError as exc:
        if exc.code.endswith("not_found"):
            raise NotFoundError(exc.message, code=exc.code) from exc
        if exc.code.startswith(("request.", "benchmark.", "project.", "target.")):
            raise InvalidInputError(exc.message, code=exc.code) from exc
        raise
