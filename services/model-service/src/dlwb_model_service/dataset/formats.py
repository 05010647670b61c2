"""Recognise an extracted dataset's format and read it into a manifest.

Formats: ImageNet-style (images and a "<path> <label>" list, optional class names), one folder of
images per class, MS COCO instances JSON (read with pycocotools), Pascal VOC (Annotations/*.xml, read
with defusedxml) and plain images without annotations. A reference to a missing image, an annotation
that cannot be read, or an image that does not decode is an error naming the file.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import defusedxml.ElementTree
import numpy as np
from PIL import Image, UnidentifiedImageError

from dlwb_common.errors import DlwbError, InvalidInputError
from dlwb_common.messages.datasets import DatasetFormat, Manifest, Sample

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
CLASS_FILES = ("classes.txt", "labels.txt", "labels_names.txt", "synset_words.txt", "class_names.txt")
SYNSET_LINE = re.compile(r"^n\d{8}\s+(.+)$")
MAX_LISTED = 5


class UnknownFormatError(DlwbError):
    code = "dataset.unknown_format"
    status = 422


def images_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


def relative(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def listing(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else "")


def image_size(path: Path) -> tuple[int, int]:
    """(width, height), after checking that the image decodes."""
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise InvalidInputError(f"image {path.name} cannot be decoded: {exc}", code="dataset.broken_image") from exc


def check_images_exist(folder: Path, names: list[str]) -> None:
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise InvalidInputError(f"{len(missing)} annotated image(s) are missing from the archive: {listing(missing)}",
                                code="dataset.missing_images")


def class_names(folder: Path) -> list[str]:
    """Class names, one per line, from the first class file found (labels.txt counts unless it is the
    image list itself); synset_words.txt lines "n01440764 tench, Tinca tinca" give "tench"."""
    for name in CLASS_FILES:
        for path in sorted(folder.rglob(name)):
            if is_label_list(path):
                continue
            return [class_name(line) for line in path.read_text(errors="replace").splitlines() if line.strip()]
    return []


def class_name(line: str) -> str:
    synset = SYNSET_LINE.match(line.strip())
    return synset.group(1).split(",")[0].strip() if synset else line.strip()


def is_label_list(path: Path) -> bool:
    """Whether the file's first line is "<image path> <integer label>" (ImageNet val.txt style)."""
    first = next((line.split() for line in path.read_text(errors="replace").splitlines() if line.strip()), [])
    return len(first) == 2 and first[1].isdigit() and Path(first[0]).suffix.lower() in IMAGE_SUFFIXES


def label_list(folder: Path) -> Path | None:
    """The image list: a text file whose lines are "<image path> <integer label>" (the first is looked at
    here; every line is checked when the list is read)."""
    return next((path for path in sorted(folder.rglob("*.txt")) if is_label_list(path)), None)


def read_imagenet(folder: Path, labels_file: Path) -> Manifest:
    base = labels_file.parent
    samples, names = [], []
    for number, line in enumerate(labels_file.read_text(errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            raise InvalidInputError(f"{labels_file.name} line {number} is not '<image> <label>': {line[:80]!r}",
                                    code="dataset.invalid_annotations")
        name = relative(folder, base / parts[0]) if (base / parts[0]).exists() else parts[0]
        names.append(name)
        samples.append(Sample(image=name, label=int(parts[1])))
    check_images_exist(folder, names)
    classes = class_names(folder)
    top = max(s.label for s in samples if s.label is not None) if samples else -1
    if classes and top >= len(classes):
        raise InvalidInputError(f"label {top} is beyond the {len(classes)} class names",
                                code="dataset.invalid_annotations")
    return Manifest(format=DatasetFormat.imagenet, task="classification",
                    classes=classes or [str(i) for i in range(top + 1)], samples=samples)


def read_image_folders(folder: Path, images: list[Path]) -> Manifest:
    classes = sorted({image.parent.name for image in images})
    index = {name: i for i, name in enumerate(classes)}
    return Manifest(format=DatasetFormat.image_folders, task="classification", classes=classes,
                    samples=[Sample(image=relative(folder, image), label=index[image.parent.name])
                             for image in images])


def coco_file(folder: Path) -> Path | None:
    for path in sorted(folder.rglob("*.json")):
        try:
            with path.open() as handle:
                head = handle.read(4096)
        except OSError:
            continue
        if '"images"' in head or '"annotations"' in head or '"categories"' in head:
            return path
    return None


def read_coco(folder: Path, annotations: Path) -> Manifest:
    from pycocotools.coco import COCO

    try:
        coco = COCO()
        with contextlib.redirect_stdout(io.StringIO()):
            coco.dataset = json.loads(annotations.read_text())
            coco.createIndex()
        categories = sorted(coco.loadCats(coco.getCatIds()), key=lambda c: c["id"])
        label_of = {c["id"]: i for i, c in enumerate(categories)}
        images = sorted(coco.loadImgs(coco.getImgIds()), key=lambda i: i["id"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidInputError(f"{annotations.name} is not MS COCO instances JSON: {exc}",
                                code="dataset.invalid_annotations") from exc
    roots = [annotations.parent.parent / "images", annotations.parent / "images", annotations.parent.parent,
             annotations.parent, folder]
    samples, missing = [], []
    for image in images:
        found = next((root / image["file_name"] for root in roots if (root / image["file_name"]).is_file()), None)
        if found is None:
            missing.append(image["file_name"])
            continue
        boxes, labels, crowd, polygons = [], [], [], []
        for ann in coco.loadAnns(coco.getAnnIds(imgIds=image["id"])):
            x, y, w, h = ann["bbox"]
            if ann["category_id"] not in label_of:
                raise InvalidInputError(f"annotation {ann.get('id')} has unknown category {ann['category_id']}",
                                        code="dataset.invalid_annotations")
            boxes.append([x, y, x + w, y + h])
            labels.append(label_of[ann["category_id"]])
            crowd.append(bool(ann.get("iscrowd", 0)))
            segmentation = ann.get("segmentation")
            polygons.append([list(map(float, p)) for p in segmentation] if isinstance(segmentation, list) else [])
        samples.append(Sample(image=relative(folder, found), width=image.get("width"), height=image.get("height"),
                              boxes=boxes, labels=labels, iscrowd=crowd,
                              polygons=polygons if any(polygons) else []))
    if missing:
        raise InvalidInputError(f"{len(missing)} annotated image(s) are missing from the archive: {listing(missing)}",
                                code="dataset.missing_images")
    has_masks = any("segmentation" in ann for ann in coco.dataset.get("annotations", []))
    return Manifest(format=DatasetFormat.coco, task="instance_segmentation" if has_masks else "object_detection",
                    classes=[c["name"] for c in categories], samples=samples)


def read_voc_box(obj: ElementTree.Element, source: str) -> tuple[str, list[float], bool]:
    try:
        box = obj.find("bndbox")
        assert box is not None
        coords = [float(box.findtext(tag) or "") for tag in ("xmin", "ymin", "xmax", "ymax")]
        return (obj.findtext("name") or "").strip(), coords, (obj.findtext("difficult") or "0").strip() == "1"
    except (AssertionError, ValueError) as exc:
        raise InvalidInputError(f"{source}: an object without a proper bndbox", code="dataset.invalid_annotations"
                                ) from exc


def read_voc(folder: Path, xml_files: list[Path]) -> Manifest:
    parsed = []
    for path in xml_files:
        try:
            root = defusedxml.ElementTree.parse(str(path), forbid_dtd=True).getroot()
        except (defusedxml.DefusedXmlException, ElementTree.ParseError) as exc:
            raise InvalidInputError(f"{path.name} cannot be read: {exc}", code="dataset.invalid_annotations") from exc
        objects = [read_voc_box(obj, path.name) for obj in root.iter("object")]
        parsed.append((path, root.findtext("filename") or f"{path.stem}.jpg", objects))
    classes = sorted({name for _, _, objects in parsed for name, _, _ in objects})
    index = {name: i for i, name in enumerate(classes)}
    image_root = next((p for p in (xml_files[0].parent.parent / "JPEGImages", folder) if p.is_dir()), folder)
    names = [relative(folder, image_root / filename) for _, filename, _ in parsed]
    check_images_exist(folder, names)
    samples = [Sample(image=name, boxes=[coords for _, coords, _ in objects],
                      labels=[index[label] for label, _, _ in objects], difficult=[d for _, _, d in objects])
               for name, (_, _, objects) in zip(names, parsed, strict=True)]
    return Manifest(format=DatasetFormat.voc, task="object_detection", classes=classes, samples=samples)


def pair_folder(folder: Path, names: tuple[str, ...]) -> Path | None:
    return next((p for p in sorted(folder.rglob("*")) if p.is_dir() and p.name.lower() in names), None)


VOC_CLASSES = ["background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
               "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train",
               "tvmonitor"]


def read_segmentation(folder: Path, images_dir: Path, masks_dir: Path) -> Manifest:
    """Common Semantic Segmentation: images/x.jpg with masks/x.png (class index per pixel)."""
    masks = {p.stem: p for p in images_in(masks_dir)}
    samples, missing = [], []
    for image in images_in(images_dir):
        mask = masks.get(image.stem)
        if mask is None:
            missing.append(relative(folder, image))
            continue
        samples.append(Sample(image=relative(folder, image), mask=relative(folder, mask)))
    if missing:
        raise InvalidInputError(f"{len(missing)} image(s) have no mask: {listing(missing)}",
                                code="dataset.missing_images")
    return with_classes(folder, masks_dir, samples, DatasetFormat.segmentation)


def read_voc_segmentation(folder: Path, found: tuple[Path, Path]) -> Manifest:
    """Pascal VOC: SegmentationClass/x.png (palette indices, 255 on borders) for some of JPEGImages/x.jpg."""
    images_dir, masks_dir = found
    images = {p.stem: p for p in images_in(images_dir)}
    masks = images_in(masks_dir)
    missing = [relative(folder, m) for m in masks if m.stem not in images]
    if missing:
        raise InvalidInputError(f"{len(missing)} mask(s) have no image: {listing(missing)}",
                                code="dataset.missing_images")
    samples = [Sample(image=relative(folder, images[m.stem]), mask=relative(folder, m)) for m in masks]
    manifest = with_classes(folder, masks_dir, samples, DatasetFormat.voc)
    if not class_names(folder) and len(manifest.classes) <= len(VOC_CLASSES):
        manifest.classes = VOC_CLASSES
    return manifest


def with_classes(folder: Path, masks_dir: Path, samples: list[Sample], fmt: DatasetFormat) -> Manifest:
    classes = class_names(folder)
    if not classes:
        values = [np.unique(np.asarray(Image.open(masks_dir / Path(s.mask).name))) for s in samples if s.mask]
        top = max((int(v[v != 255].max()) for v in values if (v != 255).any()), default=0)
        classes = [str(i) for i in range(top + 1)]
    return Manifest(format=fmt, task="semantic_segmentation", classes=classes, samples=samples)


def read_super_resolution(folder: Path, low: Path, high: Path) -> Manifest:
    """Common Super-Resolution: LR/x.png inputs with HR/x.png targets of the same names."""
    targets = {p.name: p for p in images_in(high)}
    missing = [p.name for p in images_in(low) if p.name not in targets]
    if missing:
        raise InvalidInputError(f"{len(missing)} low-resolution image(s) have no HR pair: {listing(missing)}",
                                code="dataset.missing_images")
    return Manifest(format=DatasetFormat.super_resolution, task="super_resolution", samples=[
        Sample(image=relative(folder, p), target=relative(folder, targets[p.name])) for p in images_in(low)])


def measure(folder: Path, manifest: Manifest) -> Manifest:
    """Fill in every image's size, checking that each (and each mask and target) decodes; a mask must
    be the size of its image."""
    for sample in manifest.samples:
        sample.width, sample.height = image_size(folder / sample.image)
        if sample.mask and image_size(folder / sample.mask) != (sample.width, sample.height):
            raise InvalidInputError(f"mask {sample.mask} is not the size of its image",
                                    code="dataset.invalid_annotations")
        if sample.target:
            image_size(folder / sample.target)
    return manifest
