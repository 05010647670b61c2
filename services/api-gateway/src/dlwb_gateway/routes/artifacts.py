from __future__ import annotations

from fastapi import APIRouter, Request, Response

from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/artifacts", tags=["artifacts"])


@router.get("/{sha256}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}, "description": "file bytes"}})
async def read_artifact(sha256: str, request: Request, forwarder: ForwarderDep) -> Response:
    """Download a content-addressed file with a signed URL (``expires`` and ``sig`` query
    parameters) instead of a bearer token; supports HTTP Range. Agents use this route."""
    return await forwarder.forward(request, "model", stream_response=True)
