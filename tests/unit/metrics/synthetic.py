"""Seeded synthetic detection data: jittered copies of ground truth, duplicates, strays, crowds, difficult."""

from __future__ import annotations

import numpy as np

from tests.unit.metrics.coco_reference import Image

CATEGORIES = [1, 3, 7, 9]  # ids as in a COCO file: not contiguous
DETECTION_ONLY = 11  # predicted, never in the ground truth


def _box(rng: np.random.Generator, width: int, height: int, integer: bool) -> np.ndarray:
    w, h = rng.uniform(4, width / 2), rng.uniform(4, height / 2)
    x, y = rng.uniform(0, width - w), rng.uniform(0, height - h)
    box = np.array([x, y, x + w, y + h])
    return np.round(box) if integer else box


def _jitter(rng: np.random.Generator, box: np.ndarray, amount: float, integer: bool) -> np.ndarray:
    size = np.array([box[2] - box[0], box[3] - box[1]] * 2)
    out = box + rng.normal(0, amount, 4) * size
    out[2:] = np.maximum(out[2:], out[:2] + 1)
    return np.round(out) if integer else out


def make_images(seed: int, n_images: int = 25, integer: bool = False, score_levels: int | None = None,
                crowd_rate: float = 0.15, size: tuple[int, int] = (240, 320)) -> tuple[list[Image], list[np.ndarray]]:
    """Images (ids increasing, not contiguous) and a per-object "difficult" flag array per image."""
    rng = np.random.default_rng(seed)
    height, width = size
    images: list[Image] = []
    difficult: list[np.ndarray] = []
    for i in range(n_images):
        n_gt = int(rng.integers(0, 7)) if i % 7 else 0  # some images without ground truth
        gt_boxes = np.array([_box(rng, width, height, integer) for _ in range(n_gt)]).reshape(-1, 4)
        gt_labels = rng.choice(CATEGORIES, n_gt)
        gt_crowd = rng.random(n_gt) < crowd_rate
        dt_boxes, dt_labels = [], []
        if i % 5 != 3:  # some images without detections
            for box, label in zip(gt_boxes, gt_labels, strict=True):
                for _ in range(int(rng.choice([0, 1, 1, 2]))):
                    dt_boxes.append(_jitter(rng, box, 0.08, integer))
                    dt_labels.append(label if rng.random() < 0.85 else rng.choice(CATEGORIES))
            for _ in range(int(rng.integers(0, 4))):
                dt_boxes.append(_box(rng, width, height, integer))
                dt_labels.append(rng.choice(CATEGORIES + [DETECTION_ONLY]))
        n_dt = len(dt_boxes)
        scores = rng.random(n_dt)
        if score_levels:
            scores = np.floor(scores * score_levels) / score_levels + 0.01  # many equal scores
        images.append(Image(image_id=3 * i + 2, height=height, width=width, gt_boxes=gt_boxes, gt_labels=gt_labels,
                            gt_crowd=gt_crowd, dt_boxes=np.array(dt_boxes).reshape(-1, 4), dt_scores=scores,
                            dt_labels=np.array(dt_labels, np.int64),
                            gt_areas=(gt_boxes[:, 2] - gt_boxes[:, 0]) * (gt_boxes[:, 3] - gt_boxes[:, 1])))
        difficult.append(rng.random(n_gt) < 0.15)
    return images, difficult
