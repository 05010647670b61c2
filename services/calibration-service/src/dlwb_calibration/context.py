from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from dlwb_calibration.config import CalibrationSettings
from dlwb_service_kit.context import ServiceContext, get_context

Context = ServiceContext[CalibrationSettings]
ContextDep = Annotated[Context, Depends(get_context)]
