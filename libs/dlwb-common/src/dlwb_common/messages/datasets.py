"""A dataset's manifest: every sample with its annotation, in one shape for every source format.

Written by the model-service when a dataset is imported, read by whoever runs on it (agents for
accuracy, the calibration-service for calibration). Boxes are [x1, y1, x2, y2] in pixels.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class DatasetFormat(StrEnum):
    imagenet = "imagenet"  # images + a "<path> <label>" list
    image_folders = "image_folders"  # one folder of images per class
    coco = "coco"  # MS COCO instances JSON
    voc = "voc"  # Pascal VOC Annotations/*.xml
    images = "images"  # images without annotations
    segmentation = "segmentation"  # Common Semantic Segmentation: images/, masks/ (class index per pixel)
    super_resolution = "super_resolution"  # Common Super-Resolution: LR/ inputs and HR/ targets


class Sample(BaseModel):
    image: str  # relative to the dataset's folder
    width: int | None = None
    height: int | None = None
    label: int | None = None  # classification
    boxes: list[list[float]] = []  # detection: [x1, y1, x2, y2]
    labels: list[int] = []  # a class per box
    difficult: list[bool] = []  # VOC: not counted against recall
    iscrowd: list[bool] = []  # COCO crowd regions
    mask: str | None = None  # semantic segmentation: an image of class indices, same size
    target: str | None = None  # super-resolution and other image-to-image tasks: the expected image


class Manifest(BaseModel):
    format: DatasetFormat
    task: str | None = None  # a ModelTask value, or None without annotations
    classes: list[str] = []
    samples: list[Sample] = Field(default=[])
