"""COCO average precision / recall, computed as pycocotools' COCOeval (evaluate + accumulate + summarize).

Generic over the overlap: ``coco_image_record`` takes an IoU callable, so boxes (detection.py) and masks
(segmentation.py) share it. Conventions copied from pycocotools: detections of an image and class are
sorted by score (stable) and cut at ``max_detections`` per image *and class*; crowd objects are ignored,
their IoU is intersection over the detection's area and they may absorb several detections; ground truth
outside the area range is ignored and so are unmatched detections outside it; precision is interpolated
at 101 recall points. A class without non-ignored ground truth is left out of the means (pycocotools: -1).
Per-image records are computed where the predictions are (the agent) and aggregated later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from dlwb_metrics.records import CocoAP, CocoAP50, CocoAP75, CocoAR100, Metric

# same expressions as pycocotools' Params.setDetParams (linspace, not arange)
IOU_THRESHOLDS = np.linspace(0.5, 0.95, int(np.round((0.95 - 0.5) / 0.05)) + 1, endpoint=True)
RECALL_THRESHOLDS = np.linspace(0.0, 1.00, int(np.round((1.00 - 0.0) / 0.01)) + 1, endpoint=True)

IouFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""``(detection indices (d,), ground-truth indices (g,)) -> IoU (d, g)``, with COCO's crowd rule."""


@dataclass(frozen=True)
class CocoParams:
    iou_thresholds: np.ndarray = field(default_factory=lambda: IOU_THRESHOLDS.copy())
    recall_thresholds: np.ndarray = field(default_factory=lambda: RECALL_THRESHOLDS.copy())
    max_detections: int = 100
    area_range: tuple[float, float] = (0.0, 1e5**2)  # "all"


@dataclass(frozen=True)
class CocoClassRecord:
    """One image and class: ``scores (D,)`` best first (at most ``max_detections``), ``matched`` and
    ``ignored`` ``(T, D)`` per IoU threshold, ``num_gt`` non-ignored ground-truth objects."""

    scores: np.ndarray
    matched: np.ndarray
    ignored: np.ndarray
    num_gt: int


@dataclass(frozen=True)
class CocoImageRecord:
    classes: dict[int, CocoClassRecord]


def _match(ious: np.ndarray, gt_ignore: np.ndarray, gt_crowd: np.ndarray, thresholds: np.ndarray) -> tuple[
        np.ndarray, np.ndarray]:
    """pycocotools' greedy matching, vectorised over thresholds. Ground truth must be sorted non-ignored first.

    Each detection (best first) takes, among the still free ground truth (crowds are never used up) with
    IoU >= threshold, the one with the highest IoU (the last on ties), preferring non-ignored ones.
    """
    t_count, (d_count, g_count) = len(thresholds), ious.shape
    thr = np.minimum(thresholds, 1 - 1e-10)[:, None]
    gt_taken = np.zeros((t_count, g_count), bool)
    matched = np.zeros((t_count, d_count), bool)
    ignored = np.zeros((t_count, d_count), bool)
    if g_count == 0:
        return matched, ignored
    rows = np.arange(t_count)
    for d in range(d_count):
        iou = ious[d][None, :]
        ok = (iou >= thr) & (~gt_taken | gt_crowd[None, :])
        regular = ok & ~gt_ignore[None, :]
        use = np.where(regular.any(axis=1, keepdims=True), regular, ok)
        found = use.any(axis=1)
        m = g_count - 1 - np.argmax(np.where(use, iou, -np.inf)[:, ::-1], axis=1)  # last of the best
        matched[:, d] = found
        ignored[found, d] = gt_ignore[m[found]]
        gt_taken[rows[found], m[found]] = True
    return matched, ignored


def coco_image_record(dt_scores: np.ndarray, dt_labels: np.ndarray, dt_areas: np.ndarray, gt_labels: np.ndarray,
                      gt_crowd: np.ndarray, gt_areas: np.ndarray, iou: IouFn,
                      params: CocoParams | None = None) -> CocoImageRecord:
    """Per-image evaluation (pycocotools' ``evaluateImg``) for every class present in the image."""
    p = params or CocoParams()
    dt_scores, dt_labels = np.asarray(dt_scores, np.float64), np.asarray(dt_labels, np.int64)
    gt_labels, gt_crowd = np.asarray(gt_labels, np.int64), np.asarray(gt_crowd, bool)
    dt_areas, gt_areas = np.asarray(dt_areas, np.float64), np.asarray(gt_areas, np.float64)
    lo, hi = p.area_range
    t_count = len(p.iou_thresholds)
    records: dict[int, CocoClassRecord] = {}
    for label in np.union1d(dt_labels, gt_labels).tolist():
        d_idx = np.flatnonzero(dt_labels == label)
        d_idx = d_idx[np.argsort(-dt_scores[d_idx], kind="mergesort")][: p.max_detections]
        g_idx = np.flatnonzero(gt_labels == label)
        g_ignore = gt_crowd[g_idx] | (gt_areas[g_idx] < lo) | (gt_areas[g_idx] > hi)
        order = np.argsort(g_ignore, kind="mergesort")
        g_idx, g_ignore = g_idx[order], g_ignore[order]
        if len(d_idx) and len(g_idx):
            matched, ignored = _match(np.asarray(iou(d_idx, g_idx), np.float64), g_ignore, gt_crowd[g_idx],
                                      np.asarray(p.iou_thresholds))
        else:
            matched = ignored = np.zeros((t_count, len(d_idx)), bool)
        outside = (dt_areas[d_idx] < lo) | (dt_areas[d_idx] > hi)
        ignored = ignored | (~matched & outside[None, :])
        records[int(label)] = CocoClassRecord(dt_scores[d_idx], matched, ignored, int((~g_ignore).sum()))
    return CocoImageRecord(records)


@dataclass(frozen=True)
class CocoEvaluation:
    """Accumulated arrays (pycocotools' ``eval``) for classes ``labels``: ``precision (T, R, K)`` and
    ``recall (T, K)``, NaN for a class without non-ignored ground truth."""

    labels: np.ndarray
    iou_thresholds: np.ndarray
    precision: np.ndarray
    recall: np.ndarray

    def average_precision(self, iou_threshold: float | None = None) -> float:
        """Mean over IoU thresholds (or at one), recall points and classes with ground truth; NaN if none."""
        s = self.precision if iou_threshold is None else self.precision[self._at(iou_threshold)]
        s = s[~np.isnan(s)]
        return float(np.mean(s)) if s.size else float("nan")

    def average_recall(self, iou_threshold: float | None = None) -> float:
        s = self.recall if iou_threshold is None else self.recall[self._at(iou_threshold)]
        s = s[~np.isnan(s)]
        return float(np.mean(s)) if s.size else float("nan")

    def per_class_ap(self) -> dict[int, float]:
        return {int(k): float(np.mean(self.precision[:, :, i])) for i, k in enumerate(self.labels)}

    def _at(self, iou_threshold: float) -> np.ndarray:
        index = np.flatnonzero(np.isclose(self.iou_thresholds, iou_threshold))
        if not index.size:
            raise ValueError(f"IoU threshold {iou_threshold} is not evaluated")
        return index


def coco_accumulate(records: list[CocoImageRecord], params: CocoParams | None = None) -> CocoEvaluation:
    """pycocotools' ``accumulate`` over per-image records (in image order; it only matters for equal scores)."""
    p = params or CocoParams()
    labels = np.array(sorted({k for r in records for k in r.classes}), np.int64)
    thresholds = np.asarray(p.iou_thresholds)
    recall_thresholds = np.asarray(p.recall_thresholds)
    t_count, r_count = len(thresholds), len(recall_thresholds)
    precision = np.full((t_count, r_count, len(labels)), np.nan)
    recall = np.full((t_count, len(labels)), np.nan)
    for k, label in enumerate(labels.tolist()):
        parts = [r.classes[label] for r in records if label in r.classes]
        num_gt = sum(c.num_gt for c in parts)
        if num_gt == 0:
            continue
        scores = np.concatenate([c.scores for c in parts])
        order = np.argsort(-scores, kind="mergesort")
        matched = np.concatenate([c.matched for c in parts], axis=1)[:, order]
        ignored = np.concatenate([c.ignored for c in parts], axis=1)[:, order]
        tp = np.cumsum(matched & ~ignored, axis=1).astype(float)
        fp = np.cumsum(~matched & ~ignored, axis=1).astype(float)
        n = len(scores)
        rc = tp / num_gt
        pr = tp / (fp + tp + np.spacing(1))
        recall[:, k] = rc[:, -1] if n else 0.0
        pr = np.maximum.accumulate(pr[:, ::-1], axis=1)[:, ::-1]  # precision envelope
        for t in range(t_count):
            at = np.searchsorted(rc[t], recall_thresholds, side="left")
            q = np.zeros(r_count)
            q[at < n] = pr[t, at[at < n]]
            precision[t, :, k] = q
    return CocoEvaluation(labels, thresholds, precision, recall)


class CocoAccumulatorBase:
    """Collects per-image records; subclasses turn one image's predictions into a record.

    ``result()``: AP@[.5:.95], AP50, AP75 and AR@max_detections (100) as the four ``metrics`` classes.
    """

    metrics: ClassVar[tuple[type[Metric], type[Metric], type[Metric], type[Metric]]] = (
        CocoAP, CocoAP50, CocoAP75, CocoAR100)

    def __init__(self, params: CocoParams | None = None) -> None:
        self.params = params or CocoParams()
        self.records: list[CocoImageRecord] = []

    def add_record(self, record: CocoImageRecord) -> None:
        self.records.append(record)

    def merge(self, other: CocoAccumulatorBase) -> None:
        self.records.extend(other.records)

    def evaluate(self) -> CocoEvaluation:
        return coco_accumulate(self.records, self.params)

    def result(self) -> list[Metric]:
        e = self.evaluate()
        ap, ap50, ap75, ar = self.metrics
        return [ap(e.average_precision()), ap50(e.average_precision(0.5)), ap75(e.average_precision(0.75)),
                ar(e.average_recall())]
