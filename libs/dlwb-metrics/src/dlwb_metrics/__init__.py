"""Accuracy metrics and model-output adapters, numpy only.

One module per job: ``classification`` (top-1/top-5), ``boxes`` (Detections, IoU, NMS), ``detection``
(VOC AP, COCO box AP), ``detection_adapters`` (SSD / YOLO / YOLOX / BlazeFace / generic outputs to boxes),
``coco`` (the shared COCO AP machinery), ``segmentation`` (confusion matrix mIoU, COCO mask AP),
``image_quality`` (PSNR, SSIM), ``landmarks`` (NME), ``face_recognition`` (LFW verification accuracy). Every
metric is streamed: an accumulator takes one image (or batch) at a time with ``add``, combines with ``merge``
and returns ``records.Metric`` objects from ``result()``.
"""

from dlwb_metrics.records import Metric, by_name

__all__ = ["Metric", "by_name"]
