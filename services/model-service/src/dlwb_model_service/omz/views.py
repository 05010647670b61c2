from __future__ import annotations

from fastapi import APIRouter, Query

from dlwb_common.api.models import ModelPublic, ModelTask
from dlwb_common.api.omz import OmzImport, OmzModel, OmzModelsPublic
from dlwb_model_service.context import ContextDep
from dlwb_model_service.omz import service

router = APIRouter(prefix="/api/v1/omz", tags=["open model zoo"])


@router.get("/models", response_model=OmzModelsPublic)
def search_models(ctx: ContextDep, q: str = Query(default="", max_length=200),
                  task: ModelTask | None = None) -> OmzModelsPublic:
    """Search the Open Model Zoo catalog by words (name, description, framework) and task."""
    return service.search(ctx, q, task)


@router.get("/models/{name}", response_model=OmzModel)
def read_model(name: str, ctx: ContextDep) -> OmzModel:
    """One catalog entry with its files, sizes and checksums."""
    return service.get(ctx, name)


@router.post("/models/{name}/import", response_model=ModelPublic, status_code=202)
async def import_model(name: str, import_in: OmzImport, ctx: ContextDep) -> ModelPublic:
    """Download the model from the mirror (sha384-checked), then convert it like an upload. Follow the job."""
    return await service.start_import(ctx, name, import_in)
