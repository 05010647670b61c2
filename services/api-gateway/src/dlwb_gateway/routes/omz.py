from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from dlwb_common.api.models import ModelPublic, ModelTask
from dlwb_common.api.omz import OmzImport, OmzModel, OmzModelsPublic
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/omz", tags=["open model zoo"])


@router.get("/models", response_model=OmzModelsPublic)
async def search_omz_models(request: Request, forwarder: ForwarderDep, q: str = Query(default=""),
                            task: ModelTask | None = None) -> Response:
    """Search the Open Model Zoo catalog by words (name, description, framework) and task."""
    return await forwarder.forward(request, "model")


@router.get("/models/{name}", response_model=OmzModel)
async def read_omz_model(name: str, request: Request, forwarder: ForwarderDep) -> Response:
    """One catalog entry with its files, sizes and checksums."""
    return await forwarder.forward(request, "model")


@router.post("/models/{name}/import", response_model=ModelPublic, status_code=202)
async def import_omz_model(name: str, body: OmzImport, request: Request, forwarder: ForwarderDep) -> Response:
    """Download the model from the mirror (sha384-checked), then convert it like an upload. Follow the job."""
    return await forwarder.forward(request, "model")
