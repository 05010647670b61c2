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

FASHION = Path(__file__).parent / "fixtures" / "fashion_mnist" / "fashion_500.tar.gz"  # 500 real images
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


def face_picture(person: int, shot: int) -> bytes:
    """A 'face': a flat colour per person (brightness varies a little per shot)."""
    rng = np.random.default_rng(person * 10 + shot)
    colour = np.array([40 + 50 * person, 200 - 40 * person, 90 + 30 * (person % 3)], np.float64)
    pixels = np.clip(colour + rng.normal(0, 3, (32, 32, 3)), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def lfw(path: Path, people: int = 4, shots: int = 3) -> Path:
    """LFW layout and protocol file: a header, same-person pairs "name i j", different pairs "a i b j"."""
    names = [f"Person_{i}" for i in range(people)]
    members = {f"lfw/{name}/{name}_{shot:04d}.jpg": face_picture(p, shot)
               for p, name in enumerate(names) for shot in range(1, shots + 1)}
    lines = []
    for p, name in enumerate(names):
        lines += [f"{name}\t1\t2", f"{name}\t2\t3", f"{name}\t{p % 2 + 1}\t{names[(p + 1) % people]}\t1"]
    lines += [f"{names[0]}\t3\t{names[2]}\t2", f"{names[1]}\t1\t3"]
    members["pairs.txt"] = ("10\t7\n" + "\n".join(lines)).encode()
    return tar_gz(path, members)


def landmarks(path: Path, count: int = 3) -> tuple[Path, list[list[list[float]]]]:
    """VGGFace2-style: NAME_ID,P1X,P1Y..P5X,P5Y, images NAME_ID.jpg; returns the points too."""
    header = "NAME_ID," + ",".join(f"P{i}X,P{i}Y" for i in range(1, 6))
    rows, members, points = [header], {}, []
    for i in range(count):
        members[f"faces/n000{i}/0001_01.jpg"] = face_picture(i, 1)
        face = [[8.0 + i, 10.0], [24.0 - i, 10.0], [16.0, 16.0 + i], [10.0, 24.0], [22.0, 24.0]]
        points.append(face)
        rows.append(f"n000{i}/0001_01," + ",".join(f"{x:g},{y:g}" for x, y in face))
    members["bb_landmark/loose_landmark_test.csv"] = "\n".join(rows).encode()
    return tar_gz(path, members), points


def wider_face(path: Path) -> Path:
    members, lines = {}, []
    for i in range(2):
        data, boxes, _ = picture(i)
        name = f"0--Parade/0_Parade_{i}.jpg"
        members[f"WIDER_val/images/{name}"] = data
        lines += [name, str(len(boxes))]
        lines += [f"{b[0]:g} {b[1]:g} {b[2] - b[0]:g} {b[3] - b[1]:g} 0 0 0 {j} 0 0" for j, b in enumerate(boxes)]
    members["wider_face_split/wider_face_val_bbx_gt.txt"] = "\n".join(lines).encode()
    return tar_gz(path, members)


def open_images(path: Path) -> Path:
    members = {"class-descriptions-boxable.csv": b"/m/sq,Square\n/m/bar,Bar\n"}
    rows = [",".join(["ImageID", "Source", "LabelName", "Confidence", "XMin", "XMax", "YMin", "YMax", "IsOccluded",
                      "IsTruncated", "IsGroupOf", "IsDepiction", "IsInside"])]
    for i in range(2):
        data, boxes, labels = picture(i)
        members[f"validation/{i:016x}.png"] = data
        for box, label in zip(boxes, labels, strict=True):
            rows.append(f"{i:016x},xclick,{['/m/sq', '/m/bar'][label]},1,{box[0] / 64:g},{box[2] / 64:g},"
                        f"{box[1] / 48:g},{box[3] / 48:g},0,0,0,0,0")
    members["validation-annotations-bbox.csv"] = "\n".join(rows).encode()
    return tar_gz(path, members)


def cityscapes(path: Path) -> Path:
    members = {}
    for i in range(2):
        members[f"leftImg8bit/val/lindau/lindau_{i}_leftImg8bit.png"] = picture(i)[0]
        label_ids = np.full((48, 64), 7, np.uint8)  # road
        label_ids[:10] = 23  # sky
        label_ids[40:] = 1  # ego vehicle: ignored
        buffer = io.BytesIO()
        Image.fromarray(label_ids).save(buffer, "PNG")
        members[f"gtFine/val/lindau/lindau_{i}_gtFine_labelIds.png"] = buffer.getvalue()
    return tar_gz(path, members)


def voc_with_masks(path: Path, count: int = 3) -> Path:
    """A VOC devkit folder with boxes (Annotations) and, for two images, palette masks (SegmentationClass)."""
    with tarfile.open(voc(path.with_name("boxes.tar.gz"), count)) as bundle:
        members = {m.name: bundle.extractfile(m).read() for m in bundle.getmembers() if m.isfile()}  # type: ignore[union-attr]
    for i in range(2):
        _, boxes, labels = picture(i)
        mask = np.zeros((48, 64), np.uint8)
        for (x1, y1, x2, y2), label in zip(boxes, labels, strict=True):
            mask[int(y1):int(y2), int(x1):int(x2)] = 15 if label == 0 else 7  # person, car
        mask[0, :] = 255
        image = Image.fromarray(mask, "P")
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        members[f"VOC/SegmentationClass/{i:03d}.png"] = buffer.getvalue()
    return tar_gz(path, members)


def rendered_characters(path: Path, count: int = 6) -> Path:
    """White images with spaced-out letters in Pillow's bundled font; each letter's box is the text box
    Pillow reports for it (exact by construction). COCO format, one class."""
    import json as json_lib

    from PIL import ImageFont

    font = ImageFont.load_default(size=40)
    members, images, annotations = {}, [], []
    rng = np.random.default_rng(7)
    for number in range(1, count + 1):
        image = Image.new("RGB", (320, 160), (255, 255, 255))
        draw = ImageDraw.Draw(image)
        for column in range(4):
            letter = "ABCDEFGHJKLMNPQRSTUVWXYZ"[int(rng.integers(0, 24))]
            x, y = 20 + 75 * column + int(rng.integers(0, 15)), 30 + int(rng.integers(0, 70))
            draw.text((x, y), letter, font=font, fill=(0, 0, 0))
            x1, y1, x2, y2 = draw.textbbox((x, y), letter, font=font)
            annotations.append({"id": len(annotations) + 1, "image_id": number, "category_id": 1,
                                "bbox": [x1, y1, x2 - x1, y2 - y1], "area": (x2 - x1) * (y2 - y1), "iscrowd": 0})
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        members[f"images/{number}.png"] = buffer.getvalue()
        images.append({"id": number, "file_name": f"{number}.png", "width": 320, "height": 160})
    members["annotations/text.json"] = json_lib.dumps({
        "images": images, "annotations": annotations, "categories": [{"id": 1, "name": "character"}]}).encode()
    return tar_gz(path, members)
