"""Detections and ground truth of one image, box IoU and non-maximum suppression.

Boxes are ``[x1, y1, x2, y2]`` in absolute pixels of the original image, float64, corners continuous:
width is ``x2 - x1`` (no +1). The VOC devkit's inclusive-pixel convention (+1) is ``offset=1``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _as(array: object, dtype: type, shape: tuple[int, ...] = (-1,)) -> np.ndarray:
    return np.asarray(array, dtype=dtype).reshape(shape)


@dataclass(frozen=True)
class Detections:
    """``boxes (N, 4)`` xyxy pixels, ``scores (N,)``, ``labels (N,)`` integer class ids."""

    boxes: np.ndarray
    scores: np.ndarray
    labels: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "boxes", _as(self.boxes, np.float64, (-1, 4)))
        object.__setattr__(self, "scores", _as(self.scores, np.float64))
        object.__setattr__(self, "labels", _as(self.labels, np.int64))
        if not len(self.boxes) == len(self.scores) == len(self.labels):
            raise ValueError("boxes, scores and labels differ in length")

    @classmethod
    def empty(cls) -> Detections:
        return cls(np.zeros((0, 4)), np.zeros(0), np.zeros(0, np.int64))

    def __len__(self) -> int:
        return len(self.scores)

    def select(self, index: np.ndarray) -> Detections:
        return Detections(self.boxes[index], self.scores[index], self.labels[index])


@dataclass(frozen=True)
class GroundTruth:
    """``boxes (G, 4)`` xyxy pixels and ``labels (G,)``; optional per-object flags.

    ``difficult`` is VOC's flag (ignored by VOC AP, unused by COCO); ``iscrowd`` is COCO's (a crowd region
    is ignored and may absorb several detections); ``areas`` is COCO's object area for area ranges
    (default: box area).
    """

    boxes: np.ndarray
    labels: np.ndarray
    difficult: np.ndarray | None = None
    iscrowd: np.ndarray | None = None
    areas: np.ndarray | None = None

    def __post_init__(self) -> None:
        boxes = _as(self.boxes, np.float64, (-1, 4))
        n = len(boxes)
        columns = {
            "boxes": boxes,
            "labels": _as(self.labels, np.int64),
            "difficult": np.zeros(n, bool) if self.difficult is None else _as(self.difficult, bool),
            "iscrowd": np.zeros(n, bool) if self.iscrowd is None else _as(self.iscrowd, bool),
            "areas": box_area(boxes) if self.areas is None else _as(self.areas, np.float64),
        }
        if any(len(v) != n for v in columns.values()):
            raise ValueError("ground-truth arrays differ in length")
        for name, value in columns.items():
            object.__setattr__(self, name, value)

    def __len__(self) -> int:
        return len(self.labels)


def box_area(boxes: np.ndarray, offset: float = 0.0) -> np.ndarray:
    b = np.asarray(boxes, np.float64).reshape(-1, 4)
    return (b[:, 2] - b[:, 0] + offset) * (b[:, 3] - b[:, 1] + offset)


def box_iou(a: np.ndarray, b: np.ndarray, offset: float = 0.0) -> np.ndarray:
    """Pairwise IoU ``(N, M)`` of xyxy boxes; 0 where boxes do not overlap or the union is empty."""
    a = np.asarray(a, np.float64).reshape(-1, 4)
    b = np.asarray(b, np.float64).reshape(-1, 4)
    iw = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]) + offset
    ih = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]) + offset
    inter = np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
    union = box_area(a, offset)[:, None] + box_area(b, offset)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=inter > 0)


def nms(boxes: np.ndarray, scores: np.ndarray, iou_threshold: float = 0.5, score_threshold: float = 0.0,
        max_detections: int | None = None) -> np.ndarray:
    """Greedy NMS of one class: indices kept, best score first.

    Boxes scoring below ``score_threshold`` are dropped first; a box is suppressed when its IoU with a kept,
    higher-scoring box is above ``iou_threshold``. Equal scores keep input order.
    """
    boxes = np.asarray(boxes, np.float64).reshape(-1, 4)
    scores = np.asarray(scores, np.float64).reshape(-1)
    order = np.flatnonzero(scores >= score_threshold)
    order = order[np.argsort(-scores[order], kind="stable")]
    keep: list[int] = []
    limit = len(order) if max_detections is None else max_detections
    while len(order) and len(keep) < limit:
        best, order = order[0], order[1:]
        keep.append(int(best))
        order = order[box_iou(boxes[best], boxes[order])[0] <= iou_threshold]
    return np.asarray(keep, np.int64)


@dataclass(frozen=True)
class NmsParams:
    """Class-wise greedy NMS settings; ``max_detections`` caps the total per image."""

    iou_threshold: float = 0.5
    score_threshold: float = 0.0
    max_detections: int | None = 100

    def apply(self, detections: Detections) -> Detections:
        return class_wise_nms(detections, self.iou_threshold, self.score_threshold, self.max_detections)


def class_wise_nms(detections: Detections, iou_threshold: float = 0.5, score_threshold: float = 0.0,
                   max_detections: int | None = 100) -> Detections:
    """NMS within each label, then the best ``max_detections`` over all labels, best score first."""
    kept = []
    for label in np.unique(detections.labels):
        members = np.flatnonzero(detections.labels == label)
        kept.append(members[nms(detections.boxes[members], detections.scores[members], iou_threshold,
                                score_threshold, max_detections)])
    index = np.concatenate(kept) if kept else np.zeros(0, np.int64)
    index = np.sort(index)  # input order among equal scores
    index = index[np.argsort(-detections.scores[index], kind="stable")][:max_detections]
    return detections.select(index)
