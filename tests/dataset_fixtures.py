"""Small datasets in each supported format, drawn here: coloured rectangles whose boxes are exact by
construction, packed as the archives a user would upload."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

CLASSES = ["square", "bar"]


def picture(index: int, size: tuple[int, int] = (64, 48)) -> tuple[bytes, list[list[float]], list[int]]:
    """A PNG with one or two rectangles; returns (bytes, boxes [x1,y1,x2,y2], labels)."""
    rng = np.random.default_rng(index)
    image = Image.new("RGB", size, (20, 20, 20))
    draw = ImageDraw.Draw(image)
    boxes, labels = [], []
    for label in range(1 + index % 2):
        x1, y1 = int(rng.integers(0, size[0] // 2)), int(rng.integers(0, size[1] // 2))
        x2, y2 = x1 + 10 + 8 * label, y1 + 10
        draw.rectangle([x1, y1, x2 - 1, y2 - 1], fill=(200, 40 + 150 * label, 40))
        boxes.append([float(x1), float(y1), float(x2), float(y2)])
        labels.append(label)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue(), boxes, labels


def tar_gz(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as bundle:
        for name, data in sorted(members.items()):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            bundle.addfile(info, io.BytesIO(data))
    return path


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as bundle:
        for name, data in sorted(members.items()):
            bundle.writestr(name, data)
    return path


def imagenet(path: Path, count: int = 6) -> Path:
    members = {"classes.txt": "\n".join(CLASSES).encode()}
    lines = []
    for i in range(count):
        members[f"val/img{i}.png"] = picture(i)[0]
        lines.append(f"img{i}.png {i % 2}")
    members["val/val.txt"] = "\n".join(lines).encode()
    return tar_gz(path, members)


def class_folders(path: Path, count: int = 4) -> Path:
    return zipped(path, {f"data/{CLASSES[i % 2]}/{i}.png": picture(i)[0] for i in range(count)})


def coco(path: Path, count: int = 4, missing: bool = False, masks: bool = False) -> Path:
    members, images, annotations = {}, [], []
    for i in range(count):
        data, boxes, labels = picture(i)
        if not (missing and i == count - 1):
            members[f"images/{i:03d}.png"] = data
        images.append({"id": i + 1, "file_name": f"{i:03d}.png", "width": 64, "height": 48})
        for box, label in zip(boxes, labels, strict=True):
            x1, y1, x2, y2 = box
            annotation = {"id": len(annotations) + 1, "image_id": i + 1, "category_id": 10 + label,
                          "bbox": [x1, y1, x2 - x1, y2 - y1], "area": (x2 - x1) * (y2 - y1), "iscrowd": 0}
            if masks:
                annotation["segmentation"] = [[x1, y1, x2, y1, x2, y2, x1, y2]]
            annotations.append(annotation)
    members["annotations/instances.json"] = json.dumps({
        "images": images, "annotations": annotations,
        "categories": [{"id": 10 + i, "name": name} for i, name in enumerate(CLASSES)]}).encode()
    return tar_gz(path, members)


def voc(path: Path, count: int = 4) -> Path:
    members = {}
    for i in range(count):
        data, boxes, labels = picture(i)
        members[f"VOC/JPEGImages/{i:03d}.png"] = data
        objects = "".join(
            f"<object><name>{CLASSES[label]}</name><difficult>{int(j == 1)}</difficult><bndbox><xmin>{box[0]:g}</xmin>"
            f"<ymin>{box[1]:g}</ymin><xmax>{box[2]:g}</xmax><ymax>{box[3]:g}</ymax></bndbox></object>"
            for j, (box, label) in enumerate(zip(boxes, labels, strict=True)))
        members[f"VOC/Annotations/{i:03d}.xml"] = (f"<annotation><filename>{i:03d}.png</filename>{objects}"
                                                   "</annotation>").encode()
    return tar_gz(path, members)


def plain_images(path: Path, count: int = 3) -> Path:
    return zipped(path, {f"photos/{i}.png": picture(i)[0] for i in range(count)})


def segmentation(path: Path, count: int = 4) -> Path:
    """Images with a red rectangle; masks mark it as class 1, shifted by 2 pixels so a perfect
    red-pixel detector does not score a perfect mIoU."""
    members = {"classes.txt": b"background\nred"}
    for i in range(count):
        rng = np.random.default_rng(100 + i)
        image = np.full((48, 64, 3), 20, np.uint8)
        x, y = int(rng.integers(0, 40)), int(rng.integers(0, 28))
        image[y:y + 16, x:x + 20] = (220, 30, 30)
        mask = np.zeros((48, 64), np.uint8)
        mask[y + 2:y + 18, x:x + 20] = 1
        mask[0, 0] = 255  # an ignored pixel
        for name, array in ((f"images/{i}.png", image), (f"masks/{i}.png", mask)):
            buffer = io.BytesIO()
            Image.fromarray(array).save(buffer, "PNG")
            members[f"seg/{name}"] = buffer.getvalue()
    return tar_gz(path, members)


def super_resolution(path: Path, count: int = 3) -> Path:
    """HR pictures and their 2x bilinear-downscaled LR inputs."""
    members = {}
    for i in range(count):
        high = Image.open(io.BytesIO(picture(i)[0])).convert("RGB")
        low = high.resize((32, 24), Image.BILINEAR)
        for folder, image in (("HR", high), ("LR", low)):
            buffer = io.BytesIO()
            image.save(buffer, "PNG")
            members[f"sr/{folder}/{i}.png"] = buffer.getvalue()
    return tar_gz(path, members)
