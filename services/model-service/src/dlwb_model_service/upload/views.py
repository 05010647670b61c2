from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from dlwb_common.api.models import UploadCreate, UploadPublic
from dlwb_model_service.context import ContextDep
from dlwb_model_service.upload import service
from dlwb_service_kit.openapi import raw_body

router = APIRouter(prefix="/api/v1/uploads", tags=["uploads"])


@router.post("", response_model=UploadPublic, status_code=201)
def create_upload(upload_in: UploadCreate, ctx: ContextDep) -> UploadPublic:
    """Start a resumable upload of one file (a model, an archive, or one file of a multi-file model)."""
    return service.create(ctx, upload_in)


@router.get("/{upload_id}", response_model=UploadPublic)
async def read_upload(upload_id: str, ctx: ContextDep) -> UploadPublic:
    """How many bytes arrived: after a broken connection, resume from ``offset``."""
    return await service.get(ctx, upload_id)


@router.patch("/{upload_id}", response_model=UploadPublic, openapi_extra=raw_body())
async def append_to_upload(upload_id: str, request: Request, ctx: ContextDep,
                           upload_offset: Annotated[int, Header(ge=0)]) -> UploadPublic:
    """Send the next bytes as the raw body; ``Upload-Offset`` must equal the bytes received so far (409 if not)."""
    return await service.append(ctx, upload_id, upload_offset, request.stream())


@router.delete("/{upload_id}", status_code=204)
def cancel_upload(upload_id: str, ctx: ContextDep) -> Response:
    """Abandon an upload and delete its bytes."""
    service.cancel(ctx, upload_id)
    return Response(status_code=204)
