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
    lfw = "lfw"  # Labeled Faces in the Wild: pairs.txt and <name>/<name>_<n>.jpg
    landmarks_csv = "landmarks_csv"  # VGGFace2 style: NAME_ID,P1X,P1Y,...
    wider_face = "wider_face"  # WIDER Face *_bbx_gt.txt
    open_images = "open_images"  # Open Images bbox CSV and class descriptions
    cityscapes = "cityscapes"  # leftImg8bit/ and gtFine/ (label ids mapped to the 19 train ids)


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
    points: list[list[float]] = []  # facial landmarks [[x, y], ...] in pixels
    polygons: list[list[list[float]]] = []  # instance segmentation: per object, COCO polygons [x1, y1, x2, ...]


class Manifest(BaseModel):
    format: DatasetFormat
    task: str | None = None  # a ModelTask value, or None without annotations
    classes: list[str] = []
    samples: list[Sample] = Field(default=[])
    pairs: list[tuple[int, int, bool]] = []  # face verification: (sample, sample, same person), protocol order
