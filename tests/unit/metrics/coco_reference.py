"""pycocotools as the reference: in-memory COCO ground truth and results, the four summary numbers."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field

import numpy as np
from pycocotools import mask as mask_utils
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval


@dataclass
class Image:
    """One image of a synthetic data set; boxes xyxy pixels, masks (n, H, W) bool."""

    image_id: int
    height: int
    width: int
    gt_boxes: np.ndarray
    gt_labels: np.ndarray
    gt_crowd: np.ndarray
    dt_boxes: np.ndarray
    dt_scores: np.ndarray
    dt_labels: np.ndarray
    gt_masks: np.ndarray | None = None
    dt_masks: np.ndarray | None = None
    gt_areas: np.ndarray = field(default_factory=lambda: np.zeros(0))


def xywh(box: np.ndarray) -> list[float]:
    return [float(box[0]), float(box[1]), float(box[2] - box[0]), float(box[3] - box[1])]


def rle(mask: np.ndarray) -> dict:
    return mask_utils.encode(np.asfortranarray(mask.astype(np.uint8)))


def coco_summary(images: list[Image], categories: list[int], iou_type: str) -> dict[str, float]:
    """COCOeval's stats by name (ap, ap50, ap75, ap_small.., ar1, ar10, ar100, ar_small..); -1 where
    pycocotools has no data."""
    gt_anns, dt_anns = [], []
    for im in images:
        for j in range(len(im.gt_labels)):
            ann = {"id": len(gt_anns) + 1, "image_id": im.image_id, "category_id": int(im.gt_labels[j]),
                   "iscrowd": int(im.gt_crowd[j]), "area": float(im.gt_areas[j]), "bbox": xywh(im.gt_boxes[j])}
            if iou_type == "segm":
                ann["segmentation"] = rle(im.gt_masks[j])
            gt_anns.append(ann)
        for j in range(len(im.dt_labels)):
            ann = {"image_id": im.image_id, "category_id": int(im.dt_labels[j]), "score": float(im.dt_scores[j])}
            if iou_type == "segm":
                ann["segmentation"] = rle(im.dt_masks[j])
            else:
                ann["bbox"] = xywh(im.dt_boxes[j])
            dt_anns.append(ann)
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO()
        gt.dataset = {"images": [{"id": im.image_id, "height": im.height, "width": im.width} for im in images],
                      "categories": [{"id": c, "name": str(c)} for c in categories], "annotations": gt_anns}
        gt.createIndex()
        if dt_anns:
            dt = gt.loadRes(dt_anns)
        else:  # loadRes cannot take an empty list
            dt = COCO()
            dt.dataset = {"images": gt.dataset["images"], "categories": gt.dataset["categories"], "annotations": []}
            dt.createIndex()
        ev = COCOeval(gt, dt, iou_type)
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    return dict(zip(STATS, ev.stats.tolist(), strict=True))


STATS = ["ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large", "ar1", "ar10", "ar100", "ar_small", "ar_medium",
         "ar_large"]
