from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from dlwb_profiler.config import ProfilerSettings
from dlwb_service_kit.context import ServiceContext, get_context

Context = ServiceContext[ProfilerSettings]
ContextDep = Annotated[Context, Depends(get_context)]
