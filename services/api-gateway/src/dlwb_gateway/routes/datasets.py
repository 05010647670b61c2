from __future__ import annotations

from fastapi import APIRouter, Request, Response

from dlwb_common.api.datasets import (
    Augmentation,
    DatasetCreate,
    DatasetImport,
    DatasetPublic,
    DatasetsPublic,
    SamplesPublic,
)
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1/datasets", tags=["datasets"])


@router.post("", response_model=DatasetPublic, status_code=201)
async def create_dataset(body: DatasetCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """Create a dataset (today: generated random inputs for any model input shape)."""
    return await forwarder.forward(request, "model")


@router.post("/imports", response_model=DatasetPublic, status_code=201)
async def import_dataset(body: DatasetImport, request: Request, forwarder: ForwarderDep) -> Response:
    """Make a dataset of an uploaded archive (resumable upload; sha256 checked). The format is recognised:
    ImageNet-style list, class folders, MS COCO, Pascal VOC, or plain images; every annotation and
    image is checked, and the validation report leads with a verdict."""
    return await forwarder.forward(request, "model")


@router.post("/{dataset_id}/augmentations", response_model=DatasetPublic, status_code=201)
async def augment_dataset(dataset_id: str, body: Augmentation, request: Request, forwarder: ForwarderDep) -> Response:
    """A new dataset of the originals and augmented copies (flips, noise, random erase, brightness,
    contrast); boxes follow flips."""
    return await forwarder.forward(request, "model")


@router.get("", response_model=DatasetsPublic)
async def read_datasets(request: Request, forwarder: ForwarderDep) -> Response:
    """List datasets, newest first."""
    return await forwarder.forward(request, "model")


@router.get("/{dataset_id}", response_model=DatasetPublic)
async def read_dataset(dataset_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """One dataset."""
    return await forwarder.forward(request, "model")


@router.get("/{dataset_id}/samples", response_model=SamplesPublic)
async def read_samples(dataset_id: str, request: Request, forwarder: ForwarderDep, offset: int = 0, limit: int = 50,
                       label: int | None = None) -> Response:
    """Samples with their annotations (label, or boxes and labels), optionally of one class."""
    return await forwarder.forward(request, "model")


@router.get("/{dataset_id}/images/{index}", response_class=Response,
            responses={200: {"content": {"image/*": {}}, "description": "the image, or a JPEG thumbnail"}})
async def read_image(dataset_id: str, index: int, request: Request, forwarder: ForwarderDep,
                     thumbnail: bool = False) -> Response:
    """One image of the dataset (``thumbnail=true``: at most 160 px, JPEG)."""
    return await forwarder.forward(request, "model", stream_response=True)
