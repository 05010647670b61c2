"""Object-detection accuracy: VOC AP (11-point and all-points) and COCO box AP.

Boxes are ``[x1, y1, x2, y2]`` in absolute pixels (see boxes.py). VOC follows the devkit (VOCevaldet.m):
inclusive pixel boxes (+1 in widths), a detection is a true positive at IoU >= threshold with an unmatched
object, "difficult" objects neither count as positives nor make false positives. COCO follows pycocotools
(coco.py): its IoU has no +1 (pycocotools' [x, y, w, h] boxes are converted from the same corners).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dlwb_metrics.boxes import (
    Detections,
    GroundTruth,
    NmsParams,
    box_area,
    box_iou,
    class_wise_nms,
    nms,
)
from dlwb_metrics.coco import CocoAccumulatorBase, CocoImageRecord, CocoParams, coco_image_record
from dlwb_metrics.records import Metric, VocMeanAP

__all__ = [
    "CocoDetectionAccumulator", "CocoParams", "Detections", "GroundTruth", "NmsParams", "VocAccumulator",
    "VocImageRecord", "box_area", "box_iou", "class_wise_nms", "coco_box_iou", "nms", "voc_ap", "voc_match_image",
]


def voc_ap(recall: np.ndarray, precision: np.ndarray, use_07_metric: bool = False) -> float:
    """VOC AP from cumulative recall/precision: 11-point interpolation (VOC2007) or the area under the
    monotone precision envelope at every recall change (VOC2010+), as the devkit's ``voc_ap``."""
    rec = np.asarray(recall, np.float64)
    prec = np.asarray(precision, np.float64)
    if use_07_metric:
        points = [prec[rec >= t].max() if (rec >= t).any() else 0.0 for t in np.arange(0.0, 1.1, 0.1)]
        return float(np.sum(np.asarray(points) / 11.0))
    mrec = np.concatenate(([0.0], rec, [1.0]))
    mpre = np.concatenate(([0.0], prec, [0.0]))
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    i = np.flatnonzero(mrec[1:] != mrec[:-1])
    return float(np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1]))


@dataclass(frozen=True)
class VocImageRecord:
    """One image: per detection ``scores``, ``labels`` and ``outcome`` (1 true positive, 0 false positive,
    -1 ignored: matched a difficult object); ``positives`` counts non-difficult objects per class."""

    scores: np.ndarray
    labels: np.ndarray
    outcome: np.ndarray
    positives: dict[int, int]


def voc_match_image(detections: Detections, ground_truth: GroundTruth, iou_threshold: float = 0.5,
                    include_boundaries: bool = True) -> VocImageRecord:
    """Devkit matching within one image: per class, detections by decreasing score take their best-overlap
    object; a second detection of the same object is a false positive."""
    outcome = np.zeros(len(detections), np.int8)
    offset = 1.0 if include_boundaries else 0.0
    for label in np.unique(detections.labels).tolist():
        d_idx = np.flatnonzero(detections.labels == label)
        d_idx = d_idx[np.argsort(-detections.scores[d_idx], kind="stable")]
        g_idx = np.flatnonzero(ground_truth.labels == label)
        if not len(g_idx):
            continue
        overlaps = box_iou(detections.boxes[d_idx], ground_truth.boxes[g_idx], offset)
        taken = np.zeros(len(g_idx), bool)
        for row, d in enumerate(d_idx.tolist()):
            j = int(np.argmax(overlaps[row]))
            if overlaps[row, j] <= 0 or overlaps[row, j] < iou_threshold:
                continue
            if ground_truth.difficult[g_idx[j]]:
                outcome[d] = -1
            elif not taken[j]:
                outcome[d], taken[j] = 1, True
    labels, counts = np.unique(ground_truth.labels[~ground_truth.difficult], return_counts=True)
    return VocImageRecord(detections.scores, detections.labels, outcome,
                          dict(zip(labels.tolist(), counts.tolist(), strict=True)))


class VocAccumulator:
    """Streaming VOC mAP: ``add(detections, ground_truth)`` per image, then ``result()``.

    mAP is the mean AP over classes having at least one non-difficult object.
    """

    def __init__(self, iou_threshold: float = 0.5, use_07_metric: bool = False,
                 include_boundaries: bool = True) -> None:
        self.iou_threshold = iou_threshold
        self.use_07_metric = use_07_metric
        self.include_boundaries = include_boundaries
        self.records: list[VocImageRecord] = []

    def add(self, detections: Detections, ground_truth: GroundTruth) -> VocImageRecord:
        record = voc_match_image(detections, ground_truth, self.iou_threshold, self.include_boundaries)
        self.records.append(record)
        return record

    def add_record(self, record: VocImageRecord) -> None:
        self.records.append(record)

    def merge(self, other: VocAccumulator) -> None:
        self.records.extend(other.records)

    def per_class_ap(self) -> dict[int, float]:
        """AP of every class with non-difficult ground truth."""
        positives: dict[int, int] = {}
        for r in self.records:
            for label, n in r.positives.items():
                positives[label] = positives.get(label, 0) + n
        scores = np.concatenate([r.scores for r in self.records] or [np.zeros(0)])
        labels = np.concatenate([r.labels for r in self.records] or [np.zeros(0, np.int64)])
        outcome = np.concatenate([r.outcome for r in self.records] or [np.zeros(0, np.int8)])
        result = {}
        for label in sorted(positives):
            mine = (labels == label) & (outcome >= 0)
            hits = outcome[mine][np.argsort(-scores[mine], kind="stable")]
            tp = np.cumsum(hits == 1).astype(np.float64)
            fp = np.cumsum(hits == 0).astype(np.float64)
            rec = tp / positives[label]
            prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
            result[label] = voc_ap(rec, prec, self.use_07_metric)
        return result

    def result(self) -> list[Metric]:
        ap = list(self.per_class_ap().values())
        return [VocMeanAP(float(np.mean(ap)) if ap else float("nan"))]


def coco_box_iou(dt: np.ndarray, gt: np.ndarray, gt_crowd: np.ndarray) -> np.ndarray:
    """pycocotools' ``bbIou`` on xyxy boxes: no +1; against a crowd object, intersection over detection area."""
    dt = np.asarray(dt, np.float64).reshape(-1, 4)
    gt = np.asarray(gt, np.float64).reshape(-1, 4)
    iw = np.minimum(dt[:, None, 2], gt[None, :, 2]) - np.maximum(dt[:, None, 0], gt[None, :, 0])
    ih = np.minimum(dt[:, None, 3], gt[None, :, 3]) - np.maximum(dt[:, None, 1], gt[None, :, 1])
    inter = np.where((iw > 0) & (ih > 0), iw * ih, 0.0)
    dt_area = box_area(dt)[:, None]
    union = np.where(np.asarray(gt_crowd, bool)[None, :], dt_area, dt_area + box_area(gt)[None, :] - inter)
    return np.divide(inter, union, out=np.zeros_like(inter), where=inter > 0)


class CocoDetectionAccumulator(CocoAccumulatorBase):
    """Streaming COCO box AP: ``add(detections, ground_truth)`` per image (in image-id order for pycocotools
    parity on equal scores), then ``result()``: AP@[.5:.95], AP50, AP75, AR@100 (area all)."""

    def add(self, detections: Detections, ground_truth: GroundTruth) -> CocoImageRecord:
        def iou(d: np.ndarray, g: np.ndarray) -> np.ndarray:
            return coco_box_iou(detections.boxes[d], ground_truth.boxes[g], ground_truth.iscrowd[g])

        record = coco_image_record(detections.scores, detections.labels, box_area(detections.boxes),
                                   ground_truth.labels, ground_truth.iscrowd, ground_truth.areas, iou, self.params)
        self.add_record(record)
        return record
