from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from dlwb_common.api.models import UploadCreate, UploadPublic
from dlwb_gateway.deps import ForwarderDep
from dlwb_gateway.routes.models import BINARY_BODY

router = APIRouter(prefix="/api/v1/uploads", tags=["uploads"])


@router.post("", response_model=UploadPublic, status_code=201)
async def create_upload(body: UploadCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """Start a resumable upload of one file (a model, an archive, or one file of a multi-file model)."""
    return await forwarder.forward(request, "model")


@router.get("/{upload_id}", response_model=UploadPublic)
async def read_upload(upload_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """How many bytes arrived: after a broken connection, resume from ``offset``."""
    return await forwarder.forward(request, "model")


@router.patch("/{upload_id}", response_model=UploadPublic, openapi_extra=BINARY_BODY)
async def append_to_upload(upload_id: str, request: Request, forwarder: ForwarderDep,
                           upload_offset: Annotated[int, Header(ge=0)]) -> Response:
    """Send the next bytes as the raw body; ``Upload-Offset`` must equal the bytes received so far (409 if not)."""
    return await forwarder.forward(request, "model")


@router.delete("/{upload_id}", status_code=204)
async def cancel_upload(upload_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """Abandon an upload and delete its bytes."""
    return await forwarder.forward(request, "model")
