"""Model outputs to ``Detections``: SSD DetectionOutput, YOLO v3/v4/v5 raw heads, YOLOv8, YOLOX, BlazeFace,
generic tensors.

Every adapter returns xyxy boxes in absolute pixels of the original image (``ImageTransform`` maps the
network input back through a plain resize or a letterbox), keeps the best class per candidate box, drops
candidates under ``confidence_threshold`` and runs class-wise NMS unless ``nms=None``.
Sizes are ``(width, height)``; raw YOLO heads are ``[1, A*(5+nc), H, W]`` (NCHW) or ``[1, A, H, W, 5+nc]``
with per anchor ``tx, ty, tw, th, objectness, class logits``; anchors are ``(A, 2)`` widths/heights in
network-input pixels; a head's stride is the input size over its grid size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from dlwb_metrics.boxes import Detections, NmsParams

BoxFormat = Literal["xyxy", "xywh", "cxcywh"]


class AdapterMismatch(ValueError):
    """The outputs do not fit the adapter's parameters (e.g. more rows than the strides give cells)."""
DEFAULT_NMS = NmsParams(iou_threshold=0.45, score_threshold=0.0, max_detections=300)


@dataclass(frozen=True)
class ImageTransform:
    """Original image -> network input: ``x_input = x_original * scale_x + pad_x`` (same for y)."""

    original_size: tuple[int, int]
    scale_x: float
    scale_y: float
    pad_x: float = 0.0
    pad_y: float = 0.0

    @classmethod
    def resize(cls, original_size: tuple[int, int], input_size: tuple[int, int]) -> ImageTransform:
        """Plain resize (aspect ratio not kept)."""
        return cls(original_size, input_size[0] / original_size[0], input_size[1] / original_size[1])

    @classmethod
    def letterbox(cls, original_size: tuple[int, int], input_size: tuple[int, int],
                  center: bool = True) -> ImageTransform:
        """Aspect-preserving resize by ``min`` of the two ratios, then padding (centred as Ultralytics'
        ``letterbox``/``scale_boxes``: pad = round((input - round(original * ratio)) / 2 - 0.1), else top-left)."""
        ratio = min(input_size[0] / original_size[0], input_size[1] / original_size[1])
        if not center:
            return cls(original_size, ratio, ratio)
        pad_x = round((input_size[0] - round(original_size[0] * ratio)) / 2 - 0.1)
        pad_y = round((input_size[1] - round(original_size[1] * ratio)) / 2 - 0.1)
        return cls(original_size, ratio, ratio, float(pad_x), float(pad_y))

    def to_original(self, boxes: np.ndarray, clip: bool = True) -> np.ndarray:
        """xyxy boxes in input pixels -> original pixels, clipped to the image."""
        b = np.asarray(boxes, np.float64).reshape(-1, 4)
        out = (b - self._pad) / self._scale
        if clip:
            w, h = self.original_size
            out = np.clip(out, 0, [w, h, w, h])
        return out

    def to_input(self, boxes: np.ndarray) -> np.ndarray:
        b = np.asarray(boxes, np.float64).reshape(-1, 4)
        return b * self._scale + self._pad

    @property
    def _scale(self) -> np.ndarray:
        return np.array([self.scale_x, self.scale_y, self.scale_x, self.scale_y])

    @property
    def _pad(self) -> np.ndarray:
        return np.array([self.pad_x, self.pad_y, self.pad_x, self.pad_y])


def to_xyxy(boxes: np.ndarray, box_format: BoxFormat) -> np.ndarray:
    b = np.asarray(boxes, np.float64).reshape(-1, 4)
    if box_format == "xyxy":
        return b.copy()
    if box_format == "xywh":
        return np.concatenate([b[:, :2], b[:, :2] + b[:, 2:]], axis=1)
    if box_format == "cxcywh":
        return np.concatenate([b[:, :2] - b[:, 2:] / 2, b[:, :2] + b[:, 2:] / 2], axis=1)
    raise ValueError(f"unknown box format {box_format!r}")


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, np.float64)))  # no overflow for large |x|


def _finish(boxes: np.ndarray, scores: np.ndarray, labels: np.ndarray, confidence_threshold: float,
            transform: ImageTransform | None, nms: NmsParams | None) -> Detections:
    keep = scores >= confidence_threshold
    boxes = boxes[keep]
    if transform is not None:
        boxes = transform.to_original(boxes)
    detections = Detections(boxes, scores[keep], labels[keep])
    return nms.apply(detections) if nms is not None else detections


def parse_ssd(output: np.ndarray, image_size: tuple[int, int], confidence_threshold: float = 0.0,
              image_index: int = 0, nms: NmsParams | None = None) -> Detections:
    """SSD ``DetectionOutput`` ``[1, 1, N, 7]`` rows ``image_id, label, conf, x1, y1, x2, y2`` (normalised).

    Rows after the first ``image_id == -1`` are padding. The normalised corners are scaled by ``image_size``:
    the original size after a plain resize (normalised coordinates survive it). Labels are kept as output
    (usually 0 is background, absent). The layer already ran NMS, so ``nms`` defaults to ``None``.
    """
    rows = np.asarray(output, np.float64).reshape(-1, 7)
    end = np.flatnonzero(rows[:, 0] == -1)
    rows = rows[: end[0] if end.size else len(rows)]
    rows = rows[rows[:, 0] == image_index]
    w, h = image_size
    return _finish(rows[:, 3:7] * [w, h, w, h], rows[:, 2], rows[:, 1].astype(np.int64), confidence_threshold,
                   None, nms)


def _anchor_grid(head: np.ndarray, num_anchors: int) -> np.ndarray:
    """Raw head -> ``(A, H, W, 5 + nc)``."""
    h = np.asarray(head, np.float64)
    if h.ndim == 5:
        return h[0]
    if h.ndim == 4:
        _, c, gh, gw = h.shape
        return h[0].reshape(num_anchors, c // num_anchors, gh, gw).transpose(0, 2, 3, 1)
    raise ValueError(f"unexpected YOLO head shape {h.shape}")


def decode_yolo_heads(heads: Sequence[np.ndarray], anchors: Sequence[np.ndarray], input_size: tuple[int, int],
                      version: Literal["v3", "v5"] = "v3", scale_xy: float = 1.0,
                      apply_sigmoid: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All candidates of anchor-based YOLO heads: xyxy boxes in input pixels, score = objectness x class
    probability of the best class, and that class.

    v3/v4: ``xy = (sigmoid(t) * scale_xy - (scale_xy - 1) / 2 + cell) * stride``, ``wh = exp(t) * anchor``
    (YOLOv4 heads use scale_xy 1.2/1.1/1.05). v5: ``xy = (2 sigmoid(t) - 0.5 + cell) * stride``,
    ``wh = (2 sigmoid(t))^2 * anchor``. ``apply_sigmoid=False`` for heads already activated (xy, objectness,
    classes; e.g. OpenVINO RegionYolo), in which case ``wh`` must still be raw (v3) / activated (v5).
    """
    all_boxes, all_scores, all_labels = [], [], []
    act = sigmoid if apply_sigmoid else (lambda x: np.asarray(x, np.float64))
    for head, head_anchors in zip(heads, anchors, strict=True):
        a = np.asarray(head_anchors, np.float64).reshape(-1, 2)
        g = _anchor_grid(head, len(a))
        _, gh, gw, _ = g.shape
        stride = np.array([input_size[0] / gw, input_size[1] / gh])
        cells = np.stack(np.meshgrid(np.arange(gw), np.arange(gh)), axis=-1)[None]  # (1, H, W, 2) as x, y
        if version == "v5":
            xy = (2 * act(g[..., 0:2]) - 0.5 + cells) * stride
            wh = (2 * act(g[..., 2:4])) ** 2 * a[:, None, None, :]
        else:
            xy = (act(g[..., 0:2]) * scale_xy - (scale_xy - 1) / 2 + cells) * stride
            wh = np.exp(g[..., 2:4]) * a[:, None, None, :]
        probs = act(g[..., 4:5]) * act(g[..., 5:])
        labels = np.argmax(probs, axis=-1)
        all_scores.append(np.take_along_axis(probs, labels[..., None], axis=-1).reshape(-1))
        all_labels.append(labels.reshape(-1))
        all_boxes.append(np.concatenate([xy - wh / 2, xy + wh / 2], axis=-1).reshape(-1, 4))
    return (np.concatenate(all_boxes) if all_boxes else np.zeros((0, 4)),
            np.concatenate(all_scores) if all_scores else np.zeros(0),
            np.concatenate(all_labels) if all_labels else np.zeros(0, np.int64))


def parse_yolo_v3(heads: Sequence[np.ndarray], anchors: Sequence[np.ndarray], input_size: tuple[int, int],
                  confidence_threshold: float = 0.25, transform: ImageTransform | None = None,
                  nms: NmsParams | None = DEFAULT_NMS, scale_xy: float = 1.0, apply_sigmoid: bool = True) -> Detections:
    """YOLO v3/v4 raw heads (one per stride, with that stride's anchors)."""
    boxes, scores, labels = decode_yolo_heads(heads, anchors, input_size, "v3", scale_xy, apply_sigmoid)
    return _finish(boxes, scores, labels, confidence_threshold, transform, nms)


def parse_yolo_v5(heads: Sequence[np.ndarray], anchors: Sequence[np.ndarray], input_size: tuple[int, int],
                  confidence_threshold: float = 0.25, transform: ImageTransform | None = None,
                  nms: NmsParams | None = DEFAULT_NMS, apply_sigmoid: bool = True) -> Detections:
    """YOLOv5 raw heads (exported without the Detect layer's decoding)."""
    boxes, scores, labels = decode_yolo_heads(heads, anchors, input_size, "v5", 1.0, apply_sigmoid)
    return _finish(boxes, scores, labels, confidence_threshold, transform, nms)


def parse_yolo_v8(output: np.ndarray, confidence_threshold: float = 0.25, transform: ImageTransform | None = None,
                  nms: NmsParams | None = DEFAULT_NMS) -> Detections:
    """YOLOv8 (anchor-free) ``[1, 4 + nc, N]``: ``cx, cy, w, h`` in input pixels (DFL already applied in the
    graph) then class probabilities (already sigmoid, no objectness)."""
    out = np.asarray(output, np.float64)[0]
    probs = out[4:].T
    labels = np.argmax(probs, axis=1) if probs.shape[1] else np.zeros(len(probs), np.int64)
    scores = probs[np.arange(len(probs)), labels] if probs.shape[1] else np.zeros(len(probs))
    return _finish(to_xyxy(out[:4].T, "cxcywh"), scores, labels, confidence_threshold, transform, nms)


def parse_boxes_scores_labels(boxes: np.ndarray, scores: np.ndarray, labels: np.ndarray | None = None,
                              box_format: BoxFormat = "xyxy", normalized_to: tuple[int, int] | None = None,
                              confidence_threshold: float = 0.0, transform: ImageTransform | None = None,
                              nms: NmsParams | None = None) -> Detections:
    """Generic outputs (e.g. Faster R-CNN / DETR style): ``boxes (N, 4)``, ``scores (N,)`` with ``labels (N,)``,
    or ``scores (N, C)`` (best class taken). ``normalized_to=(w, h)`` scales normalised boxes to pixels of the
    network input (or of the original image when no ``transform`` follows)."""
    b = to_xyxy(boxes, box_format)
    if normalized_to is not None:
        w, h = normalized_to
        b = b * [w, h, w, h]
    s = np.asarray(scores, np.float64)
    if labels is None:
        s = s.reshape(len(b), -1)
        lab = np.argmax(s, axis=1)
        s = s[np.arange(len(s)), lab]
    else:
        s, lab = s.reshape(-1), np.asarray(labels).reshape(-1).astype(np.int64)
    return _finish(b, s, lab, confidence_threshold, transform, nms)


def ssd_anchors(input_size: tuple[int, int], strides: Sequence[int], per_cell: Sequence[int]) -> np.ndarray:
    """MediaPipe's fixed-size SSD anchors: cell centres (x, y) normalised, ``per_cell`` at each stride."""
    centres = []
    for stride, count in zip(strides, per_cell, strict=True):
        columns, rows = input_size[0] // stride, input_size[1] // stride
        grid = [((x + 0.5) / columns, (y + 0.5) / rows) for y in range(rows) for x in range(columns)]
        centres += [cell for cell in grid for _ in range(count)]
    return np.array(centres, np.float64)


def parse_blazeface(outputs: Sequence[np.ndarray], input_size: tuple[int, int], anchor_strides: Sequence[int],
                    anchors_per_cell: Sequence[int], confidence_threshold: float = 0.0,
                    transform: ImageTransform | None = None, nms: NmsParams | None = DEFAULT_NMS) -> Detections:
    """BlazeFace: per anchor, box offsets (cx, cy, w, h in input pixels around the anchor) and a logit."""
    regressors, scores = sorted(outputs, key=lambda o: -o.shape[-1])[:2]
    anchors = ssd_anchors(input_size, anchor_strides, anchors_per_cell)
    raw = regressors.reshape(-1, regressors.shape[-1])[:, :4].astype(np.float64)
    if len(raw) != len(anchors):
        raise AdapterMismatch(f"{len(raw)} regressors but {len(anchors)} anchors from the strides and counts given")
    size = np.array(input_size, np.float64)
    centres = raw[:, :2] / size + anchors
    half = raw[:, 2:4] / size / 2
    boxes = np.hstack([centres - half, centres + half]) * np.tile(size, 2)
    probabilities = sigmoid(scores.reshape(-1))
    return parse_boxes_scores_labels(boxes, probabilities, np.zeros(len(boxes), np.int64),
                                     confidence_threshold=confidence_threshold, transform=transform, nms=nms)


def parse_yolox(output: np.ndarray, input_size: tuple[int, int], grid_strides: Sequence[int],
                confidence_threshold: float = 0.0, transform: ImageTransform | None = None,
                nms: NmsParams | None = DEFAULT_NMS) -> Detections:
    """YOLOX without in-graph decoding: per cell of each stride, (x, y) offsets, log (w, h), objectness and
    class probabilities (already activated)."""
    rows = output.reshape(-1, output.shape[-1]).astype(np.float64)
    grids, strides = [], []
    for stride in grid_strides:
        columns, lines = input_size[0] // stride, input_size[1] // stride
        xs, ys = np.meshgrid(np.arange(columns), np.arange(lines))
        grids.append(np.stack([xs, ys], axis=-1).reshape(-1, 2))
        strides.append(np.full((columns * lines, 1), stride))
    grid, stride_of = np.concatenate(grids), np.concatenate(strides)
    if len(grid) != len(rows):
        raise AdapterMismatch(f"{len(rows)} YOLOX rows but {len(grid)} cells from the strides given")
    centres = (rows[:, :2] + grid) * stride_of
    sizes = np.exp(np.clip(rows[:, 2:4], -20, 20)) * stride_of
    probabilities = rows[:, 4:5] * rows[:, 5:]
    return parse_boxes_scores_labels(np.hstack([centres - sizes / 2, centres + sizes / 2]), probabilities,
                                     confidence_threshold=confidence_threshold, transform=transform, nms=nms)
