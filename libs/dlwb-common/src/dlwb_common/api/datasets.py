from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field, StrictInt

from dlwb_common.api.common import PrintableStr, Schema


class DatasetCreate(Schema):
    name: PrintableStr = Field(min_length=1, max_length=200)
    kind: Literal["random"] = "random"
    seed: StrictInt = Field(default=0, ge=0, le=2**32 - 1, description="random generator seed")
    count: int = Field(default=16, ge=1, le=1024)


class DatasetImport(Schema):
    """Make a dataset of a finished resumable upload of an archive (.zip, .tar.gz)."""

    upload_id: str
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    name: PrintableStr = Field(default="", max_length=200)
    task: Literal["super_resolution", "inpainting", "style_transfer", "semantic_segmentation"] | None = Field(
        default=None, description="input/target image pairs: which image-to-image task they annotate; a Pascal "
                                  "VOC archive with boxes and masks: semantic_segmentation takes the masks")


class ValidationReport(Schema):
    """What the import found: the verdict first, then the counts."""

    verdict: str
    images: int
    annotated: int
    objects: int = 0
    warnings: list[str] = []


class ClassCount(Schema):
    name: str
    count: int


class DatasetPublic(Schema):
    id: str
    name: str
    kind: str  # random (generated inputs) or imported
    seed: int
    count: int
    format: str | None = None
    task: str | None = None
    classes: list[str] = []
    histogram: list[ClassCount] = []
    report: ValidationReport | None = None
    created_at: datetime


class SamplePublic(Schema):
    index: int
    image: str
    width: int | None = None
    height: int | None = None
    label: int | None = None
    boxes: list[list[float]] = []
    labels: list[int] = []
    image_url: str


class SamplesPublic(Schema):
    data: list[SamplePublic]
    count: int


class DatasetsPublic(Schema):
    data: list[DatasetPublic]
    count: int


class Augmentation(Schema):
    """Augmented copies of every image of an imported dataset, as a new dataset (annotations follow)."""

    name: PrintableStr = Field(default="", max_length=200)
    copies: int = Field(default=1, ge=1, le=10, description="augmented copies per image, besides the original")
    flip_horizontal: bool = False
    flip_vertical: bool = False
    noise: float = Field(default=0.0, ge=0, le=100, description="Gaussian noise sigma, in pixel levels")
    erase: float = Field(default=0.0, ge=0, le=1, description="probability of erasing a random rectangle")
    brightness: float = Field(default=0.0, ge=0, le=1, description="shift of up to this share of the range")
    contrast: float = Field(default=0.0, ge=0, le=1, description="scale by 1 +- this around the mean")
    seed: StrictInt = Field(default=0, ge=0, le=2**32 - 1, description="random generator seed")
