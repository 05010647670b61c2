from __future__ import annotations

from fastapi import APIRouter, Query

from dlwb_common.api.datasets import DatasetCreate, DatasetPublic, DatasetsPublic
from dlwb_model_service.context import ContextDep
from dlwb_model_service.dataset import service

router = APIRouter(prefix="/api/v1/datasets", tags=["datasets"])


@router.post("", response_model=DatasetPublic, status_code=201)
def create_dataset(dataset_in: DatasetCreate, ctx: ContextDep) -> DatasetPublic:
    return service.create(ctx, dataset_in=dataset_in)


@router.get("", response_model=DatasetsPublic)
def read_datasets(ctx: ContextDep, skip: int = Query(0, ge=0),
                  limit: int = Query(100, ge=1, le=1000)) -> DatasetsPublic:
    return service.get_all(ctx, skip=skip, limit=limit)


@router.get("/{dataset_id}", response_model=DatasetPublic)
def read_dataset(dataset_id: str, ctx: ContextDep) -> DatasetPublic:
    return service.get(ctx, dataset_id)
