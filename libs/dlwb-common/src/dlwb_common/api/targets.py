from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from dlwb_common.api.common import Schema
from dlwb_common.messages.agent import AgentInventory


class TargetStatus(StrEnum):
    online = "online"
    busy = "busy"
    offline = "offline"


class TargetPublic(Schema):
    id: str
    status: TargetStatus
    last_seen: datetime
    inventory: AgentInventory


class TargetsPublic(Schema):
    data: list[TargetPublic]
    count: int
