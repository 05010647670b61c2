"""Open Images (bbox CSV with normalised corners) and Cityscapes (label ids mapped to the 19 train ids)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from PIL import Image

from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.datasets import DatasetFormat, Manifest, Sample
from dlwb_model_service.dataset.formats import IMAGE_SUFFIXES, check_images_exist, image_size, relative

OPEN_IMAGES_HEADER = ["ImageID", "Source", "LabelName", "Confidence", "XMin", "XMax", "YMin", "YMax"]
# Cityscapes label id -> train id (the 19 evaluated classes); everything else is ignored (255)
CITYSCAPES_TRAIN_IDS = {7: 0, 8: 1, 11: 2, 12: 3, 13: 4, 17: 5, 19: 6, 20: 7, 21: 8, 22: 9, 23: 10, 24: 11, 25: 12,
                        26: 13, 27: 14, 28: 15, 31: 16, 32: 17, 33: 18}
CITYSCAPES_CLASSES = ["road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign",
                      "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle",
                      "bicycle"]


def open_images_csv(folder: Path) -> Path | None:
    for path in sorted(folder.rglob("*.csv")):
        with path.open(errors="replace") as handle:
            if next(csv.reader(handle), [])[:8] == OPEN_IMAGES_HEADER:
                return path
    return None


def read_open_images(folder: Path, table: Path) -> Manifest:
    names: dict[str, str] = {}
    for path in sorted(folder.rglob("*descriptions*.csv")):
        with path.open(errors="replace") as handle:
            names.update({row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2})
    images = {p.stem: p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES}
    rows: dict[str, list[dict[str, str]]] = {}
    with table.open(errors="replace") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["ImageID"], []).append(row)
    check_images_exist(folder, [f"{image_id}.jpg" for image_id in rows if image_id not in images])
    codes = sorted({row["LabelName"] for group in rows.values() for row in group})
    label_of = {code: i for i, code in enumerate(codes)}
    samples = []
    for image_id, group in sorted(rows.items()):
        width, height = image_size(images[image_id])
        try:
            boxes = [[float(r["XMin"]) * width, float(r["YMin"]) * height, float(r["XMax"]) * width,
                      float(r["YMax"]) * height] for r in group]
        except ValueError as exc:
            raise InvalidInputError(f"{table.name}: image {image_id} has a box that is not numbers",
                                    code="dataset.invalid_annotations") from exc
        samples.append(Sample(image=relative(folder, images[image_id]), boxes=boxes,
                              labels=[label_of[r["LabelName"]] for r in group],
                              iscrowd=[r.get("IsGroupOf", "0") == "1" for r in group]))
    return Manifest(format=DatasetFormat.open_images, task="object_detection",
                    classes=[names.get(code, code) for code in codes], samples=samples)


def cityscapes_root(folder: Path) -> tuple[Path, Path] | None:
    images = next((p for p in sorted(folder.rglob("leftImg8bit")) if p.is_dir()), None)
    labels = next((p for p in sorted(folder.rglob("gtFine")) if p.is_dir()), None)
    return (images, labels) if images and labels else None


def read_cityscapes(folder: Path, roots: tuple[Path, Path]) -> Manifest:
    """Every *_leftImg8bit.png with its *_gtFine_labelIds.png, written as train-id masks next to it."""
    images_root, labels_root = roots
    lookup = np.full(256, 255, np.uint8)
    for label_id, train_id in CITYSCAPES_TRAIN_IDS.items():
        lookup[label_id] = train_id
    samples, missing = [], []
    for image in sorted(images_root.rglob("*_leftImg8bit.png")):
        stem = image.name.removesuffix("_leftImg8bit.png")
        label = labels_root / image.parent.relative_to(images_root) / f"{stem}_gtFine_labelIds.png"
        if not label.is_file():
            missing.append(relative(folder, label))
            continue
        train = label.with_name(f"{stem}_gtFine_trainIds.png")
        Image.fromarray(lookup[np.asarray(Image.open(label).convert("L"))]).save(train)
        samples.append(Sample(image=relative(folder, image), mask=relative(folder, train)))
    check_images_exist(folder, missing)
    return Manifest(format=DatasetFormat.cityscapes, task="semantic_segmentation", classes=CITYSCAPES_CLASSES,
                    samples=samples)
