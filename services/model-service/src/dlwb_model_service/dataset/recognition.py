"""Which format an extracted dataset is in: each format's finder in turn; the first that finds reads it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlwb_common.messages.datasets import DatasetFormat, Manifest, Sample
from dlwb_model_service.dataset import extra_formats, face_formats, formats

SEGMENTATION_FOLDERS = (("images",), ("masks", "annotations", "labels"))
PAIR_FOLDERS = (("lr", "low", "low_resolution", "input", "inputs"), ("hr", "high", "target", "targets"))
KNOWN = ("ImageNet-style list, class folders, MS COCO, Pascal VOC, Common Semantic Segmentation, "
         "LR/HR pairs, LFW, VGGFace2 landmarks CSV, WIDER Face, Open Images CSV, Cityscapes, or plain images")


def voc_annotations(folder: Path) -> list[Path] | None:
    return sorted(p for p in folder.rglob("*.xml") if p.parent.name == "Annotations") or None


def folder_pair(folder: Path, names: tuple[tuple[str, ...], tuple[str, ...]]) -> tuple[Path, Path] | None:
    first, second = formats.pair_folder(folder, names[0]), formats.pair_folder(folder, names[1])
    return (first, second) if first is not None and second is not None else None


def voc_segmentation(folder: Path) -> tuple[Path, Path] | None:
    return folder_pair(folder, (("jpegimages",), ("segmentationclass",)))


# (finder, reader): a finder returns what its reader needs, or None
FORMATS: list[tuple[Callable[[Path], Any], Callable[[Path, Any], Manifest]]] = [
    (face_formats.lfw_pairs, face_formats.read_lfw),
    (face_formats.wider_file, face_formats.read_wider),
    (face_formats.landmarks_csv, face_formats.read_landmarks_csv),
    (extra_formats.open_images_csv, extra_formats.read_open_images),
    (extra_formats.cityscapes_root, extra_formats.read_cityscapes),
    (formats.coco_file, formats.read_coco),
    (voc_annotations, formats.read_voc),
    (voc_segmentation, formats.read_voc_segmentation),
    (formats.label_list, formats.read_imagenet),
    (lambda folder: folder_pair(folder, SEGMENTATION_FOLDERS),
     lambda folder, found: formats.read_segmentation(folder, *found)),
    (lambda folder: folder_pair(folder, PAIR_FOLDERS),
     lambda folder, found: formats.read_super_resolution(folder, *found)),
]


def detect(folder: Path, task: str | None = None) -> Manifest:
    """Read the extracted dataset in ``folder`` in whichever format it is (``task``: which annotations of
    a Pascal VOC archive holding both boxes and masks)."""
    if task == "semantic_segmentation" and (found := voc_segmentation(folder)):
        return formats.read_voc_segmentation(folder, found)
    for find, read in FORMATS:
        found = find(folder)
        if found:
            return read(folder, found)
    images = formats.images_in(folder)
    if not images:
        raise formats.UnknownFormatError(f"no images found: the archive is not a dataset of a known format ({KNOWN})")
    parents = {image.parent for image in images}
    if len(parents) > 1 and all(parent.parent == images[0].parent.parent for parent in parents):
        return formats.read_image_folders(folder, images)
    return Manifest(format=DatasetFormat.images, task=None,
                    samples=[Sample(image=formats.relative(folder, image)) for image in images])
