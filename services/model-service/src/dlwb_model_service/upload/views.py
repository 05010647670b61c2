from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from dlwb_common.api.models import UploadCreate, UploadPublic
from dlwb_model_service.context import ContextDep
from dlwb_model_service.upload import service

router = APIRouter(prefix="/api/v1/uploads", tags=["uploads"])


@router.post("", response_model=UploadPublic, status_code=201)
def create_upload(upload_in: UploadCreate, ctx: ContextDep) -> UploadPublic:
    return service.create(ctx, upload_in)


@router.get("/{upload_id}", response_model=UploadPublic)
async def read_upload(upload_id: str, ctx: ContextDep) -> UploadPublic:
    return await service.get(ctx, upload_id)


@router.patch("/{upload_id}", response_model=UploadPublic)
async def append_to_upload(upload_id: str, request: Request, ctx: ContextDep,
                           upload_offset: Annotated[int, Header(ge=0)]) -> UploadPublic:
    return await service.append(ctx, upload_id, upload_offset, request.stream())


@router.delete("/{upload_id}", status_code=204)
def cancel_upload(upload_id: str, ctx: ContextDep) -> Response:
    service.cancel(ctx, upload_id)
    return Response(status_code=204)
