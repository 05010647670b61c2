from __future__ import annotations

from fastapi import APIRouter, Query, Request

from dlwb_common.api.models import ModelPublic, ModelsPublic, ModelUpdate
from dlwb_model_service.context import ContextDep
from dlwb_model_service.model import service

router = APIRouter(prefix="/api/v1/models", tags=["models"])


@router.post("", response_model=ModelPublic, status_code=202)
async def create_model(request: Request, ctx: ContextDep, filename: str = Query(min_length=1, max_length=255),
                       name: str = Query(default="", max_length=200)) -> ModelPublic:
    """Receive the raw model file as the request body, streamed to disk."""
    return await service.create(ctx, filename=filename, name=name, chunks=request.stream())


@router.get("", response_model=ModelsPublic)
def read_models(ctx: ContextDep, skip: int = Query(0, ge=0), limit: int = Query(100, ge=1, le=1000)) -> ModelsPublic:
    return service.get_all(ctx, skip=skip, limit=limit)


@router.get("/{model_id}", response_model=ModelPublic)
def read_model(model_id: str, ctx: ContextDep) -> ModelPublic:
    return service.get(ctx, model_id)


@router.patch("/{model_id}", response_model=ModelPublic)
def update_model(model_id: str, model_in: ModelUpdate, ctx: ContextDep) -> ModelPublic:
    return service.update(ctx, model_id, model_in=model_in)
