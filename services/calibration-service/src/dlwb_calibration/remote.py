"""Requests to the other services over NATS; their errors arrive as they were raised (code and status)."""

from __future__ import annotations

from typing import TypeVar

from dlwb_calibration.context import Context
from dlwb_common.bus import request
from dlwb_common.messages.base import Message

R = TypeVar("R", bound=Message)


async def ask(ctx: Context, subject: str, message: Message, reply_type: type[R], timeout: float = 30.0) -> R:
    """A request to another service; its errors arrive as it raised them (code and status)."""
    return await request(ctx.bus.nc, subject, message, reply_type, timeout=timeout)
