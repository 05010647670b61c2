from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, Response

from dlwb_common.api.datasets import (
    Augmentation,
    DatasetCreate,
    DatasetImport,
    DatasetPublic,
    DatasetsPublic,
    SamplesPublic,
)
from dlwb_model_service.context import ContextDep
from dlwb_model_service.dataset import service
from dlwb_service_kit.openapi import file_answer
from dlwb_service_kit.paging import Limit, Skip

router = APIRouter(prefix="/api/v1/datasets", tags=["datasets"])


@router.post("", response_model=DatasetPublic, status_code=201)
def create_dataset(dataset_in: DatasetCreate, ctx: ContextDep) -> DatasetPublic:
    """Create a dataset (today: generated random inputs for any model input shape)."""
    return service.create(ctx, dataset_in=dataset_in)


@router.post("/imports", response_model=DatasetPublic, status_code=201)
async def import_dataset(dataset_in: DatasetImport, ctx: ContextDep) -> DatasetPublic:
    """Make a dataset of an uploaded archive (resumable upload; sha256 checked). The format is recognised:
    ImageNet-style list, class folders, MS COCO, Pascal VOC, or plain images; every annotation and
    image is checked, and the validation report leads with a verdict."""
    return await service.import_archive(ctx, dataset_in)


@router.post("/{dataset_id}/augmentations", response_model=DatasetPublic, status_code=201)
async def augment_dataset(dataset_id: str, settings: Augmentation, ctx: ContextDep) -> DatasetPublic:
    """A new dataset of the originals and augmented copies (flips, noise, random erase, brightness,
    contrast); boxes follow flips."""
    return await service.augment(ctx, dataset_id, settings)


@router.get("", response_model=DatasetsPublic)
def read_datasets(ctx: ContextDep, skip: Skip = 0,
                  limit: Limit = 100) -> DatasetsPublic:
    """List datasets, newest first."""
    return service.get_all(ctx, skip=skip, limit=limit)


@router.get("/{dataset_id}", response_model=DatasetPublic)
def read_dataset(dataset_id: str, ctx: ContextDep) -> DatasetPublic:
    """One dataset."""
    return service.get(ctx, dataset_id)


@router.get("/{dataset_id}/samples", response_model=SamplesPublic)
def read_samples(dataset_id: str, ctx: ContextDep, offset: int = Query(0, ge=0),
                 limit: int = Query(50, ge=1, le=500), label: int | None = Query(default=None, ge=0)
                 ) -> SamplesPublic:
    """Samples with their annotations (label, or boxes and labels), optionally of one class."""
    return service.samples(ctx, dataset_id, offset, limit, label)


@router.get("/{dataset_id}/images/{index}", response_class=Response,
            responses=file_answer("the image, or a JPEG thumbnail", "image/*"))
def read_image(dataset_id: str, index: int, ctx: ContextDep, thumbnail: bool = False) -> Response:
    """One image of the dataset (``thumbnail=true``: at most 160 px, JPEG)."""
    content, kind = service.image(ctx, dataset_id, index, thumbnail)
    media = f"image/{kind.lower()}"
    if isinstance(content, Path):
        return FileResponse(content, media_type=media)
    return Response(content, media_type=media)
