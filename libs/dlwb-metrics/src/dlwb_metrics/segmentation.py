"""Semantic segmentation (confusion matrix) and instance segmentation (COCO mask AP).

Semantic masks are integer class maps ``(H, W)`` with classes ``0..num_classes-1``; ground-truth pixels
equal to ``ignore_index`` are left out. The confusion matrix has ground truth in rows, prediction in
columns (as ``sklearn.metrics.confusion_matrix``). Instance masks are boolean ``(N, H, W)``; mask AP is
pycocotools' ``iouType='segm'`` with pixel IoU (crowd: intersection over the detection's area).
"""

from __future__ import annotations

import numpy as np

from dlwb_metrics.coco import CocoAccumulatorBase, CocoImageRecord, coco_image_record
from dlwb_metrics.records import (
    CocoMaskAP,
    CocoMaskAP50,
    CocoMaskAP75,
    CocoMaskAR100,
    MeanClassAccuracy,
    MeanIoU,
    Metric,
    PixelAccuracy,
)


class ConfusionMatrixAccumulator:
    """Streaming confusion matrix: ``add(prediction, ground_truth)`` per image (the agent may instead send
    ``confusion_matrix(...)`` per image and the service ``add_matrix`` them)."""

    def __init__(self, num_classes: int, ignore_index: int | None = 255) -> None:
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.matrix = np.zeros((num_classes, num_classes), np.int64)

    def add(self, prediction: np.ndarray, ground_truth: np.ndarray) -> None:
        self.add_matrix(confusion_matrix(prediction, ground_truth, self.num_classes, self.ignore_index))

    def add_matrix(self, matrix: np.ndarray) -> None:
        self.matrix += np.asarray(matrix, np.int64)

    def merge(self, other: ConfusionMatrixAccumulator) -> None:
        self.add_matrix(other.matrix)

    def iou_per_class(self) -> np.ndarray:
        """``TP / (TP + FP + FN)``; NaN for a class absent from both ground truth and prediction."""
        tp = np.diag(self.matrix).astype(np.float64)
        union = self.matrix.sum(axis=0) + self.matrix.sum(axis=1) - tp
        return np.divide(tp, union, out=np.full_like(tp, np.nan), where=union > 0)

    def accuracy_per_class(self) -> np.ndarray:
        """Recall ``TP / ground-truth pixels``; NaN for a class without ground-truth pixels."""
        tp = np.diag(self.matrix).astype(np.float64)
        total = self.matrix.sum(axis=1)
        return np.divide(tp, total, out=np.full_like(tp, np.nan), where=total > 0)

    def result(self) -> list[Metric]:
        """Mean IoU over classes present (in ground truth or prediction), pixel accuracy, mean class accuracy
        over classes in the ground truth; NaN when no pixel was counted."""
        total = self.matrix.sum()
        return [MeanIoU(_nanmean(self.iou_per_class())),
                PixelAccuracy(float(np.trace(self.matrix) / total) if total else float("nan")),
                MeanClassAccuracy(_nanmean(self.accuracy_per_class()))]


def _nanmean(values: np.ndarray) -> float:
    present = values[~np.isnan(values)]
    return float(present.mean()) if present.size else float("nan")


def confusion_matrix(prediction: np.ndarray, ground_truth: np.ndarray, num_classes: int,
                     ignore_index: int | None = 255) -> np.ndarray:
    """``(num_classes, num_classes)`` pixel counts, ground truth in rows; raises on out-of-range classes."""
    pred = np.asarray(prediction).reshape(-1).astype(np.int64)
    gt = np.asarray(ground_truth).reshape(-1).astype(np.int64)
    if pred.shape != gt.shape:
        raise ValueError(f"prediction has {pred.size} pixels, ground truth {gt.size}")
    if ignore_index is not None:
        keep = gt != ignore_index
        pred, gt = pred[keep], gt[keep]
    for name, values in (("prediction", pred), ("ground truth", gt)):
        if values.size and (values.min() < 0 or values.max() >= num_classes):
            raise ValueError(f"{name} has classes outside 0..{num_classes - 1}")
    return np.bincount(gt * num_classes + pred, minlength=num_classes**2).reshape(num_classes, num_classes)


def _flat(masks: np.ndarray) -> np.ndarray:
    """``(N, H, W)`` -> ``(N, H*W)`` bool, also for N = 0."""
    m = np.asarray(masks, bool)
    return m.reshape(m.shape[0], int(np.prod(m.shape[1:])))


def mask_iou(dt_masks: np.ndarray, gt_masks: np.ndarray, gt_crowd: np.ndarray | None = None) -> np.ndarray:
    """Pairwise pixel IoU ``(D, G)`` of boolean masks ``(D, H, W)``, ``(G, H, W)`` (pycocotools' ``rleIou``):
    against a crowd mask, intersection over the detection's area; 0 when nothing intersects."""
    d = _flat(dt_masks).astype(np.float64)
    g = _flat(gt_masks).astype(np.float64)
    inter = d @ g.T  # exact: float64 counts up to 2**53
    d_area, g_area = d.sum(axis=1)[:, None], g.sum(axis=1)[None, :]
    crowd = np.zeros(len(g), bool) if gt_crowd is None else np.asarray(gt_crowd, bool)
    union = np.where(crowd[None, :], d_area, d_area + g_area - inter)
    return np.divide(inter, union, out=np.zeros_like(inter), where=inter > 0)


class CocoMaskAccumulator(CocoAccumulatorBase):
    """Streaming COCO mask AP: ``add(...)`` per image (in image-id order for pycocotools parity on equal
    scores), then ``result()``: mask AP@[.5:.95], AP50, AP75, AR@100 (area all)."""

    metrics = (CocoMaskAP, CocoMaskAP50, CocoMaskAP75, CocoMaskAR100)

    def add(self, dt_masks: np.ndarray, dt_scores: np.ndarray, dt_labels: np.ndarray, gt_masks: np.ndarray,
            gt_labels: np.ndarray, gt_crowd: np.ndarray | None = None,
            gt_areas: np.ndarray | None = None) -> CocoImageRecord:
        """Masks ``(N, H, W)`` bool of one image; ``gt_areas`` (COCO's annotation area, for area ranges)
        defaults to the mask area."""
        dt, gt = _flat(dt_masks), _flat(gt_masks)
        crowd = np.zeros(len(gt), bool) if gt_crowd is None else np.asarray(gt_crowd, bool)
        dt_area = dt.sum(axis=1)
        areas = gt.sum(axis=1) if gt_areas is None else gt_areas

        def iou(d: np.ndarray, g: np.ndarray) -> np.ndarray:
            return mask_iou(dt[d], gt[g], crowd[g])

        record = coco_image_record(dt_scores, dt_labels, dt_area, gt_labels, crowd, areas, iou, self.params)
        self.add_record(record)
        return record
