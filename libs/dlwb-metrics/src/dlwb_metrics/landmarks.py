"""Facial-landmark normalised mean error (NME).

Landmarks are ``(P, 2)`` arrays of ``x, y`` in pixels, predicted and ground truth in the same order.
NME of an image is the mean Euclidean point error divided by a normaliser from the ground truth:
the inter-ocular distance (between two eye points, or the centres of two groups of points, e.g. 68-point
outer eye corners 36 and 45), the box diagonal ``sqrt(w^2 + h^2)`` or the box size ``sqrt(w * h)``
(box given, or the extent of the ground-truth points). The data-set NME is the mean over images.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from dlwb_metrics.records import Metric, NormalizedMeanError

Normalization = Literal["interocular", "bbox_diagonal", "bbox_size"]
EyeIndex = int | Sequence[int]


def _points(points: np.ndarray) -> np.ndarray:
    p = np.asarray(points, np.float64)
    return p.reshape(-1, 2)


def interocular_distance(ground_truth: np.ndarray, left_eye: EyeIndex, right_eye: EyeIndex) -> float:
    """Distance between two points, or between the centres of two index groups."""
    gt = _points(ground_truth)
    left = gt[np.atleast_1d(left_eye)].mean(axis=0)
    right = gt[np.atleast_1d(right_eye)].mean(axis=0)
    return float(np.linalg.norm(left - right))


def _box(ground_truth: np.ndarray, bbox: np.ndarray | None) -> tuple[float, float]:
    if bbox is None:
        gt = _points(ground_truth)
        x1, y1 = gt.min(axis=0)
        x2, y2 = gt.max(axis=0)
    else:
        x1, y1, x2, y2 = np.asarray(bbox, np.float64).reshape(4)
    return float(x2 - x1), float(y2 - y1)


def bbox_diagonal(ground_truth: np.ndarray, bbox: np.ndarray | None = None) -> float:
    """``sqrt(w^2 + h^2)`` of ``bbox`` (xyxy) or of the ground-truth points' extent."""
    w, h = _box(ground_truth, bbox)
    return float(np.hypot(w, h))


def bbox_size(ground_truth: np.ndarray, bbox: np.ndarray | None = None) -> float:
    """``sqrt(w * h)`` of ``bbox`` (xyxy) or of the ground-truth points' extent."""
    w, h = _box(ground_truth, bbox)
    return float(np.sqrt(w * h))


def normalized_mean_error(prediction: np.ndarray, ground_truth: np.ndarray, normalizer: float) -> float:
    """Mean over points of the Euclidean error, divided by ``normalizer``."""
    pred, gt = _points(prediction), _points(ground_truth)
    if pred.shape != gt.shape:
        raise ValueError(f"{len(pred)} predicted points, {len(gt)} ground-truth points")
    if not normalizer > 0:
        raise ValueError(f"normalizer must be positive, got {normalizer}")
    return float(np.linalg.norm(pred - gt, axis=1).mean() / normalizer)


class NmeAccumulator:
    """Streaming NME: ``add(prediction, ground_truth[, bbox])`` per image, then ``result()`` (mean)."""

    def __init__(self, normalization: Normalization = "interocular",
                 eye_indices: tuple[EyeIndex, EyeIndex] | None = None) -> None:
        if normalization == "interocular" and eye_indices is None:
            raise ValueError("interocular normalisation needs eye_indices")
        self.normalization = normalization
        self.eye_indices = eye_indices
        self.values: list[float] = []

    def normalizer(self, ground_truth: np.ndarray, bbox: np.ndarray | None = None) -> float:
        if self.normalization == "interocular":
            assert self.eye_indices is not None
            return interocular_distance(ground_truth, *self.eye_indices)
        if self.normalization == "bbox_diagonal":
            return bbox_diagonal(ground_truth, bbox)
        if self.normalization == "bbox_size":
            return bbox_size(ground_truth, bbox)
        raise ValueError(f"unknown normalization {self.normalization!r}")

    def add(self, prediction: np.ndarray, ground_truth: np.ndarray, bbox: np.ndarray | None = None) -> float:
        """Returns this image's NME."""
        value = normalized_mean_error(prediction, ground_truth, self.normalizer(ground_truth, bbox))
        self.values.append(value)
        return value

    def merge(self, other: NmeAccumulator) -> None:
        self.values.extend(other.values)

    def result(self) -> list[Metric]:
        return [NormalizedMeanError(float(np.mean(self.values)) if self.values else float("nan"))]
