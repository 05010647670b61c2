from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from dlwb_gateway.events import EventRelay
from dlwb_gateway.forward import Forwarder


def get_forwarder(request: Request) -> Forwarder:
    return request.app.state.forwarder


def get_relay(request: Request) -> EventRelay:
    return request.app.state.relay


ForwarderDep = Annotated[Forwarder, Depends(get_forwarder)]
RelayDep = Annotated[EventRelay, Depends(get_relay)]
