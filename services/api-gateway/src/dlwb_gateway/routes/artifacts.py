from __future__ import annotations

from fastapi import APIRouter, Path, Request, Response

from dlwb_common.messages.agent import SHA256_PATTERN
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/artifacts", tags=["artifacts"])


@router.get("/{sha256}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}, "description": "file bytes"}})
async def read_artifact(request: Request, forwarder: ForwarderDep,
                        sha256: str = Path(pattern=SHA256_PATTERN)) -> Response:
    """Download a content-addressed file with a signed URL (``expires`` and ``sig`` query
    parameters) instead of a bearer token; supports HTTP Range. Agents use this route."""
    return await forwarder.forward(request, "model", stream_response=True, path=f"/api/v1/artifacts/{sha256}")
