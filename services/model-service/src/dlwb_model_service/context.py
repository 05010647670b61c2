from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from dlwb_model_service.config import ModelServiceSettings
from dlwb_service_kit.context import ServiceContext, get_context

Context = ServiceContext[ModelServiceSettings]
ContextDep = Annotated[Context, Depends(get_context)]
