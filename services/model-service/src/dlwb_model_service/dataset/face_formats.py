"""Face datasets: LFW verification pairs, VGGFace2-style landmark CSVs, WIDER Face boxes."""

from __future__ import annotations

import csv
from pathlib import Path

from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.datasets import DatasetFormat, Manifest, Sample
from dlwb_model_service.dataset.formats import IMAGE_SUFFIXES, check_images_exist, relative

LANDMARK_HEADER = "NAME_ID"


def invalid(source: Path, line: int, text: str) -> InvalidInputError:
    return InvalidInputError(f"{source.name} line {line}: {text}", code="dataset.invalid_annotations")


def lfw_pairs(folder: Path) -> Path | None:
    found = sorted(folder.rglob("pairs*.txt"))
    return found[0] if found else None


def read_lfw(folder: Path, pairs_file: Path) -> Manifest:
    """pairs.txt: a header "<folds> <pairs per fold>", then "name i j" (same person) or "name i other j"."""
    images_root = next((p for p in sorted(folder.rglob("*")) if p.is_dir() and p.name.startswith("lfw")), folder)
    index: dict[str, int] = {}
    samples: list[Sample] = []
    pairs: list[tuple[int, int, bool]] = []

    def sample_of(name: str, number: str) -> int:
        path = relative(folder, images_root / name / f"{name}_{int(number):04d}.jpg")
        if path not in index:
            index[path] = len(samples)
            samples.append(Sample(image=path))
        return index[path]

    lines = pairs_file.read_text(errors="replace").splitlines()
    for number, line in enumerate(lines[1:], start=2):
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            pairs.append((sample_of(parts[0], parts[1]), sample_of(parts[0], parts[2]), True))
        elif len(parts) == 4 and parts[1].isdigit() and parts[3].isdigit():
            pairs.append((sample_of(parts[0], parts[1]), sample_of(parts[2], parts[3]), False))
        elif parts:
            raise invalid(pairs_file, number, f"not 'name i j' or 'name i other j': {line[:80]!r}")
    check_images_exist(folder, [s.image for s in samples])
    return Manifest(format=DatasetFormat.lfw, task="face_recognition", samples=samples, pairs=pairs)


def landmarks_csv(folder: Path) -> Path | None:
    for path in sorted(folder.rglob("*.csv")):
        with path.open(errors="replace") as handle:
            if handle.readline().replace('"', "").startswith(LANDMARK_HEADER + ",P1X"):
                return path
    return None


def read_landmarks_csv(folder: Path, table: Path) -> Manifest:
    """NAME_ID,P1X,P1Y,...: one image per row (NAME_ID plus .jpg, found anywhere in the archive)."""
    images = {relative(folder, p).rsplit(".", 1)[0]: relative(folder, p) for p in folder.rglob("*")
              if p.suffix.lower() in IMAGE_SUFFIXES}
    by_tail = {key.split("/", 1)[-1]: value for key, value in images.items()}
    samples, missing = [], []
    with table.open(errors="replace") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if number == 1 or not row:
                continue
            try:
                values = [float(v) for v in row[1:]]
            except ValueError:
                raise invalid(table, number, "coordinates must be numbers") from None
            if len(values) % 2:
                raise invalid(table, number, "an odd number of coordinates")
            image = images.get(row[0]) or by_tail.get(row[0])
            if image is None:
                missing.append(row[0])
                continue
            samples.append(Sample(image=image, points=[values[i:i + 2] for i in range(0, len(values), 2)]))
    if missing:
        check_images_exist(folder, missing)
    return Manifest(format=DatasetFormat.landmarks_csv, task="facial_landmarks", samples=samples)


def wider_file(folder: Path) -> Path | None:
    found = sorted(folder.rglob("wider_face_*_bbx_gt.txt"))
    return found[0] if found else None


def read_wider(folder: Path, table: Path) -> Manifest:
    """Image path, box count, then "x y w h blur expression illumination invalid occlusion pose" per box;
    invalid faces are marked difficult (not counted against recall)."""
    roots = [p for p in sorted(folder.rglob("images")) if p.is_dir()] or [folder]
    lines = [line.strip() for line in table.read_text(errors="replace").splitlines()]
    samples, position = [], 0
    while position < len(lines):
        name = lines[position]
        if not name:
            position += 1
            continue
        if position + 1 >= len(lines) or not lines[position + 1].isdigit():
            raise invalid(table, position + 2, "a box count must follow the image name")
        count = int(lines[position + 1])
        rows = lines[position + 2: position + 2 + max(count, 1)]
        boxes, difficult = [], []
        for offset, row in enumerate(rows[:count]):
            parts = row.split()
            if len(parts) < 4:
                raise invalid(table, position + 3 + offset, "a box needs x y w h")
            x, y, w, h = (float(v) for v in parts[:4])
            boxes.append([x, y, x + w, y + h])
            difficult.append(len(parts) > 7 and parts[7] == "1")
        image = next((root / name for root in roots if (root / name).is_file()), roots[0] / name)
        samples.append(Sample(image=relative(folder, image) if image.is_relative_to(folder) else name, boxes=boxes,
                              labels=[0] * len(boxes), difficult=difficult))
        position += 2 + max(count, 1)
    check_images_exist(folder, [s.image for s in samples])
    return Manifest(format=DatasetFormat.wider_face, task="object_detection", classes=["face"], samples=samples)
