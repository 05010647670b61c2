"""A detector's raw outputs as boxes, read by the accuracy configuration's adapter (dlwb_metrics)."""

from __future__ import annotations

import numpy as np

from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind
from dlwb_common.errors import InvalidInputError
from dlwb_metrics.boxes import Detections, NmsParams
from dlwb_metrics.detection_adapters import (
    AdapterMismatch,
    ImageTransform,
    parse_blazeface,
    parse_boxes_scores_labels,
    parse_ssd,
    parse_yolo_v3,
    parse_yolo_v5,
    parse_yolo_v8,
    parse_yolox,
)


def detections_of(config: AccuracyConfig, outputs: list[np.ndarray], transform: ImageTransform,
                  input_size: tuple[int, int]) -> Detections:
    """A detector's outputs as boxes in the original image's pixels, after the adapter and NMS."""
    try:
        return parse(config, outputs, transform, input_size)
    except AdapterMismatch as exc:
        raise InvalidInputError(str(exc), code="accuracy.adapter_mismatch") from exc


def parse(config: AccuracyConfig, outputs: list[np.ndarray], transform: ImageTransform,
          input_size: tuple[int, int]) -> Detections:
    nms = NmsParams(iou_threshold=config.nms_iou, score_threshold=config.confidence_threshold)
    threshold = config.confidence_threshold
    if config.adapter == AdapterKind.ssd:
        found = parse_ssd(outputs[0], transform.original_size, threshold)
        return Detections(found.boxes, found.scores, found.labels - config.background_offset)
    if config.adapter == AdapterKind.yolo_v8:
        return parse_yolo_v8(outputs[0], threshold, transform, nms)
    if config.adapter == AdapterKind.blazeface:
        return parse_blazeface(outputs, input_size, config.anchor_strides, config.anchors_per_cell, threshold,
                               transform, nms)
    if config.adapter == AdapterKind.yolox:
        return parse_yolox(outputs[0], input_size, config.grid_strides, threshold, transform, nms)
    if config.adapter in (AdapterKind.yolo_v3, AdapterKind.yolo_v5):
        heads = sorted(outputs, key=lambda head: -head.shape[-1] if head.ndim == 4 else -head.shape[-2])
        anchors = [np.array(a, np.float64).reshape(-1, 2) for a in config.anchors]
        if len(anchors) != len(heads):
            raise AdapterMismatch(f"{len(heads)} YOLO heads but {len(anchors)} anchor sets")
        parse_yolo = parse_yolo_v5 if config.adapter == AdapterKind.yolo_v5 else parse_yolo_v3
        return parse_yolo(heads, anchors, input_size, threshold, transform, nms)
    rows = outputs[0].reshape(-1, outputs[0].shape[-1])
    if len(outputs) >= 2:
        labels = outputs[2].reshape(-1) if len(outputs) > 2 else None
        return parse_boxes_scores_labels(rows[:, :4], outputs[1], labels, confidence_threshold=threshold,
                                         transform=transform, nms=nms)
    return parse_boxes_scores_labels(rows[:, :4], rows[:, 4], rows[:, 5] if rows.shape[1] > 5 else None,
                                     confidence_threshold=threshold, transform=transform, nms=nms)
