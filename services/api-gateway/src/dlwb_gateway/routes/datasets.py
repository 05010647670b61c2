from __future__ import annotations

from fastapi import APIRouter, Request, Response

from dlwb_common.api.datasets import DatasetCreate, DatasetPublic, DatasetsPublic
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/datasets", tags=["datasets"])


@router.post("", response_model=DatasetPublic, status_code=201)
async def create_dataset(body: DatasetCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """Create a dataset (today: generated random inputs for any model input shape)."""
    return await forwarder.forward(request, "model")


@router.get("", response_model=DatasetsPublic)
async def read_datasets(request: Request, forwarder: ForwarderDep) -> Response:
    """List datasets, newest first."""
    return await forwarder.forward(request, "model")


@router.get("/{dataset_id}", response_model=DatasetPublic)
async def read_dataset(dataset_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """One dataset."""
    return await forwarder.forward(request, "model")
