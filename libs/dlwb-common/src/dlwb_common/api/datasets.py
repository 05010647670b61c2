from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from dlwb_common.api.common import Schema


class DatasetCreate(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["random"] = "random"
    seed: int = 0
    count: int = Field(default=16, ge=1, le=1024)


class DatasetImport(Schema):
    """Make a dataset of a finished resumable upload of an archive (.zip, .tar.gz)."""

    upload_id: str
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    name: str = Field(default="", max_length=200)


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
