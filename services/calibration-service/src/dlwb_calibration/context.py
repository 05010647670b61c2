from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends

from dlwb_calibration.config import CalibrationSettings
from dlwb_service_kit.context import ServiceContext, get_context


@dataclass
class Context(ServiceContext[CalibrationSettings]):
    # the NNCF child process of each job calibrating here, so a cancel can kill it
    calibrating: dict[str, asyncio.subprocess.Process] = field(default_factory=dict)


ContextDep = Annotated[Context, Depends(get_context)]
