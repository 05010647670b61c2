from __future__ import annotations

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import FileResponse

from dlwb_common.messages.agent import SHA256_PATTERN
from dlwb_model_service.artifacts import service, signing
from dlwb_model_service.context import ContextDep
from dlwb_service_kit.openapi import file_answer

router = APIRouter(prefix="/api/v1/artifacts", tags=["artifacts"])


class ArtifactFile(FileResponse):
    chunk_size = 1024 * 1024  # Starlette's 64 KiB costs one event-loop turn per 64 KiB of a large model


@router.get("/{sha256}", response_class=Response, responses=file_answer("file bytes", "application/octet-stream"))
def read_artifact(ctx: ContextDep, sha256: str = Path(pattern=SHA256_PATTERN), expires: int = Query(),
                  sig: str = Query(max_length=128)) -> FileResponse:
    """Download a content-addressed file with a signed URL (``expires`` and ``sig`` query
    parameters) instead of a bearer token; supports HTTP Range. Agents use this route."""
    signing.verify(ctx.settings.signing_key, sha256, expires, sig)
    return ArtifactFile(service.path_of(ctx, sha256), media_type="application/octet-stream")
