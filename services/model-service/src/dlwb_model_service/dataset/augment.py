"""Augmented copies of an imported dataset's images: flips, noise, random erase, brightness, contrast.
Annotations follow the pixels: a flip mirrors the boxes; labels stay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from dlwb_common.api.datasets import Augmentation
from dlwb_common.messages.datasets import Manifest, Sample


def flipped_boxes(boxes: list[list[float]], width: int, height: int, horizontal: bool, vertical: bool
                  ) -> list[list[float]]:
    out = []
    for x1, y1, x2, y2 in boxes:
        if horizontal:
            x1, x2 = width - x2, width - x1
        if vertical:
            y1, y2 = height - y2, height - y1
        out.append([x1, y1, x2, y2])
    return out


def augment_image(pixels: np.ndarray, settings: Augmentation, rng: np.random.Generator
                  ) -> tuple[np.ndarray, bool, bool]:
    """One augmented copy (uint8 HxW or HxWxC) and whether it was flipped horizontally, vertically."""
    horizontal = settings.flip_horizontal and bool(rng.integers(0, 2))
    vertical = settings.flip_vertical and bool(rng.integers(0, 2))
    image = pixels.astype(np.float32)
    if horizontal:
        image = image[:, ::-1]
    if vertical:
        image = image[::-1]
    if settings.contrast:
        factor = rng.uniform(1 - settings.contrast, 1 + settings.contrast)
        image = (image - image.mean()) * factor + image.mean()
    if settings.brightness:
        image = image + rng.uniform(-settings.brightness, settings.brightness) * 255
    if settings.noise:
        image = image + rng.normal(0, settings.noise, image.shape)
    if settings.erase and rng.random() < settings.erase:
        height, width = image.shape[:2]
        h, w = max(1, int(height * rng.uniform(0.1, 0.3))), max(1, int(width * rng.uniform(0.1, 0.3)))
        top, left = int(rng.integers(0, height - h + 1)), int(rng.integers(0, width - w + 1))
        image[top:top + h, left:left + w] = rng.integers(0, 256)
    return np.clip(image, 0, 255).astype(np.uint8), horizontal, vertical


def augment(source: Path, manifest: Manifest, target: Path, settings: Augmentation) -> Manifest:
    """Copy the source files and add ``settings.copies`` augmented copies of every image."""
    rng = np.random.default_rng(settings.seed)
    samples: list[Sample] = []
    for sample in manifest.samples:
        with Image.open(source / sample.image) as opened:
            mode = opened.mode if opened.mode in ("L", "RGB") else "RGB"
            pixels = np.asarray(opened.convert(mode))
        original = target / sample.image
        original.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(pixels, mode).save(original.with_suffix(".png"))
        first = sample.model_copy(update={"image": str(Path(sample.image).with_suffix(".png"))})
        samples.append(first)
        for copy in range(settings.copies):
            image, horizontal, vertical = augment_image(pixels, settings, rng)
            name = Path(sample.image).with_suffix("")
            path = target / f"{name}.aug{copy}.png"
            Image.fromarray(image, mode).save(path)
            height, width = pixels.shape[:2]
            samples.append(first.model_copy(update={
                "image": f"{name}.aug{copy}.png", "boxes": flipped_boxes(sample.boxes, width, height, horizontal,
                                                                           vertical)}))
    return Manifest(format=manifest.format, task=manifest.task, classes=manifest.classes, samples=samples)
