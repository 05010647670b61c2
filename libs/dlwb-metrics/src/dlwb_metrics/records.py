"""Metric records: one small class per metric (as model_analyzer's records).

A record holds one aggregated ``value``; the class carries its ``name``, ``unit`` and whether a higher
value is better. Ratios (accuracies, AP, IoU, SSIM, NME) are fractions in [0, 1], never percentages.
A value is NaN when the metric is undefined for the data seen (e.g. no ground truth at all).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Metric:
    value: float

    name: ClassVar[str] = "metric"
    unit: ClassVar[str] = ""
    higher_is_better: ClassVar[bool] = True

    def is_better_than(self, other: Metric) -> bool:
        """Strictly better; NaN is never better."""
        if math.isnan(self.value):
            return False
        if math.isnan(other.value):
            return True
        return self.value > other.value if self.higher_is_better else self.value < other.value

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "higher_is_better": self.higher_is_better}


def by_name(metrics: list[Metric]) -> dict[str, float]:
    """``{name: value}`` of a list of records."""
    return {m.name: m.value for m in metrics}


# classification
@dataclass(frozen=True, slots=True)
class Top1Accuracy(Metric):
    name: ClassVar[str] = "top1_accuracy"


@dataclass(frozen=True, slots=True)
class Top5Accuracy(Metric):
    name: ClassVar[str] = "top5_accuracy"


# detection (boxes)
@dataclass(frozen=True, slots=True)
class VocMeanAP(Metric):
    """Mean over classes with ground truth of the VOC average precision."""

    name: ClassVar[str] = "voc_map"


@dataclass(frozen=True, slots=True)
class CocoAP(Metric):
    """COCO AP averaged over IoU 0.50:0.05:0.95, area all, 100 detections."""

    name: ClassVar[str] = "coco_ap"


@dataclass(frozen=True, slots=True)
class CocoAP50(Metric):
    name: ClassVar[str] = "coco_ap50"


@dataclass(frozen=True, slots=True)
class CocoAP75(Metric):
    name: ClassVar[str] = "coco_ap75"


@dataclass(frozen=True, slots=True)
class CocoAR100(Metric):
    """COCO average recall, IoU 0.50:0.05:0.95, at most 100 detections per image and class."""

    name: ClassVar[str] = "coco_ar100"


# instance segmentation (masks)
@dataclass(frozen=True, slots=True)
class CocoMaskAP(CocoAP):
    name: ClassVar[str] = "coco_mask_ap"


@dataclass(frozen=True, slots=True)
class CocoMaskAP50(CocoAP50):
    name: ClassVar[str] = "coco_mask_ap50"


@dataclass(frozen=True, slots=True)
class CocoMaskAP75(CocoAP75):
    name: ClassVar[str] = "coco_mask_ap75"


@dataclass(frozen=True, slots=True)
class CocoMaskAR100(CocoAR100):
    name: ClassVar[str] = "coco_mask_ar100"


# semantic segmentation
@dataclass(frozen=True, slots=True)
class MeanIoU(Metric):
    name: ClassVar[str] = "mean_iou"


@dataclass(frozen=True, slots=True)
class PixelAccuracy(Metric):
    name: ClassVar[str] = "pixel_accuracy"


@dataclass(frozen=True, slots=True)
class MeanClassAccuracy(Metric):
    name: ClassVar[str] = "mean_class_accuracy"


# image quality
@dataclass(frozen=True, slots=True)
class PSNR(Metric):
    name: ClassVar[str] = "psnr"
    unit: ClassVar[str] = "dB"


@dataclass(frozen=True, slots=True)
class SSIM(Metric):
    name: ClassVar[str] = "ssim"


# landmarks
@dataclass(frozen=True, slots=True)
class NormalizedMeanError(Metric):
    name: ClassVar[str] = "nme"
    higher_is_better: ClassVar[bool] = False


# face recognition
@dataclass(frozen=True, slots=True)
class VerificationAccuracy(Metric):
    """Mean accuracy over the held-out folds."""

    name: ClassVar[str] = "verification_accuracy"


@dataclass(frozen=True, slots=True)
class VerificationAccuracyStd(Metric):
    """Standard deviation (population, ddof=0) of the per-fold accuracies."""

    name: ClassVar[str] = "verification_accuracy_std"
    higher_is_better: ClassVar[bool] = False
