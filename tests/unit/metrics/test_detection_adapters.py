"""Decoders against hand-built tensors whose boxes are known by construction."""

import numpy as np
import pytest

from dlwb_metrics.detection import NmsParams
from dlwb_metrics.detection_adapters import (
    ImageTransform,
    parse_boxes_scores_labels,
    parse_ssd,
    parse_yolo_v3,
    parse_yolo_v5,
    parse_yolo_v8,
)


def logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


NC = 3
ANCHORS = [np.array([[116, 90], [156, 198], [373, 326]]), np.array([[30, 61], [62, 45], [59, 119]])]
INPUT = (416, 320)  # width, height: strides 32 (13x10) and 16 (26x20)


def empty_heads() -> list[np.ndarray]:
    heads = []
    for grid_w, grid_h in [(13, 10), (26, 20)]:
        head = np.zeros((1, 3 * (5 + NC), grid_h, grid_w))
        head[0, 4 :: 5 + NC] = -40.0  # objectness of every anchor: none
        heads.append(head)
    return heads


def put(head: np.ndarray, anchor: int, gx: int, gy: int, values: list[float]) -> None:
    """NCHW: channel = anchor * (5 + nc) + k."""
    for k, v in enumerate(values):
        head[0, anchor * (5 + NC) + k, gy, gx] = v


def test_ssd_detection_output() -> None:
    out = np.array([[0, 1, 0.9, 0.1, 0.2, 0.5, 0.6],
                    [0, 3, 0.3, 0.0, 0.0, 1.0, 1.0],
                    [1, 2, 0.8, 0.1, 0.1, 0.2, 0.2],  # another image of the batch
                    [-1, 0, 0, 0, 0, 0, 0],  # end marker
                    [0, 2, 0.99, 0.1, 0.1, 0.2, 0.2]]).reshape(1, 1, 5, 7)  # padding after the marker
    det = parse_ssd(out, image_size=(200, 100))
    np.testing.assert_allclose(det.boxes, [[20, 20, 100, 60], [0, 0, 200, 100]])
    assert det.labels.tolist() == [1, 3]
    np.testing.assert_allclose(det.scores, [0.9, 0.3])
    assert len(parse_ssd(out, (200, 100), confidence_threshold=0.5)) == 1
    assert parse_ssd(out, (200, 100), image_index=1).labels.tolist() == [2]
    assert len(parse_ssd(np.zeros((1, 1, 0, 7)), (10, 10))) == 0


def test_yolo_v3_heads() -> None:
    heads = empty_heads()
    # stride 32, anchor 1 (156x198), cell x=4 y=6: centre (4.25, 6.75) * 32, size 0.5 x 1.5 of the anchor
    put(heads[0], 1, 4, 6, [logit(0.25), logit(0.75), np.log(0.5), np.log(1.5), logit(0.9),
                            logit(0.2), logit(0.8), logit(0.1)])
    # same box from anchor 2 (373x326) with a lower score: NMS removes it
    put(heads[0], 2, 4, 6, [logit(0.25), logit(0.75), np.log(78 / 373), np.log(297 / 326), logit(0.5),
                            logit(0.2), logit(0.8), logit(0.1)])
    # stride 16, anchor 0 (30x61), cell x=20 y=3: centre (20.5, 3.5) * 16, size 2 x 1 anchor, class 2
    put(heads[1], 0, 20, 3, [0.0, 0.0, np.log(2.0), 0.0, logit(0.75), logit(0.1), logit(0.3), logit(0.8)])
    # below the confidence threshold
    put(heads[1], 2, 1, 1, [0.0, 0.0, 0.0, 0.0, logit(0.2), 0.0, 0.0, 0.0])

    det = parse_yolo_v3(heads, ANCHORS, INPUT, nms=None)
    expected = [[136 - 39, 216 - 148.5, 136 + 39, 216 + 148.5], [136 - 39, 216 - 148.5, 136 + 39, 216 + 148.5],
                [328 - 30, 56 - 30.5, 328 + 30, 56 + 30.5]]
    np.testing.assert_allclose(det.boxes, expected, atol=1e-9)
    np.testing.assert_allclose(det.scores, [0.72, 0.4, 0.6], atol=1e-9)
    assert det.labels.tolist() == [1, 1, 2]

    det = parse_yolo_v3(heads, ANCHORS, INPUT)  # default NMS
    np.testing.assert_allclose(det.boxes, [expected[0], expected[2]], atol=1e-9)
    np.testing.assert_allclose(det.scores, [0.72, 0.6], atol=1e-9)

    # the same heads as [1, A, H, W, 5 + nc]
    five_d = [h.reshape(1, 3, 5 + NC, *h.shape[2:]).transpose(0, 1, 3, 4, 2) for h in heads]
    np.testing.assert_allclose(parse_yolo_v3(five_d, ANCHORS, INPUT).boxes, det.boxes)

    # already activated heads (RegionYolo): sigmoid outputs, raw wh
    activated = []
    for h in heads:
        a = h.reshape(1, 3, 5 + NC, *h.shape[2:]).copy()
        a[:, :, [0, 1, 4, 5, 6, 7]] = 1 / (1 + np.exp(-a[:, :, [0, 1, 4, 5, 6, 7]]))
        activated.append(a.reshape(h.shape))
    np.testing.assert_allclose(parse_yolo_v3(activated, ANCHORS, INPUT, apply_sigmoid=False).boxes, det.boxes)


def test_yolo_v4_scale_xy() -> None:
    heads = empty_heads()
    put(heads[0], 0, 2, 3, [logit(0.9), logit(0.1), 0.0, 0.0, logit(0.99), 5.0, 0.0, 0.0])
    det = parse_yolo_v3(heads, ANCHORS, INPUT, scale_xy=1.2)
    cx, cy = (0.9 * 1.2 - 0.1 + 2) * 32, (0.1 * 1.2 - 0.1 + 3) * 32
    np.testing.assert_allclose(det.boxes, [[cx - 58, cy - 45, cx + 58, cy + 45]], atol=1e-9)
    assert det.labels.tolist() == [0]


def test_yolo_v5_heads() -> None:
    # [1, A, H, W, 5 + nc]; stride 32 on a 416x320 input
    head = np.full((1, 3, 10, 13, 5 + NC), -40.0)
    head[0, 2, 5, 7] = [logit(0.75), logit(0.25), logit(0.75), logit(0.5), logit(0.8), -5, -5, logit(0.5)]
    det = parse_yolo_v5([head], ANCHORS[:1], INPUT)
    cx, cy = (2 * 0.75 - 0.5 + 7) * 32, (2 * 0.25 - 0.5 + 5) * 32  # 256, 160
    w, h = 1.5**2 * 373, 1.0**2 * 326
    np.testing.assert_allclose(det.boxes, [[cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]], atol=1e-9)
    np.testing.assert_allclose(det.scores, [0.4], atol=1e-12)
    assert det.labels.tolist() == [2]
    # NCHW layout gives the same
    nchw = head.transpose(0, 1, 4, 2, 3).reshape(1, 3 * (5 + NC), 10, 13)
    np.testing.assert_allclose(parse_yolo_v5([nchw], ANCHORS[:1], INPUT).boxes, det.boxes)


def test_yolo_v8_output_with_letterbox() -> None:
    # columns: cx, cy, w, h, p(class 0), p(class 1)
    cols = np.array([[100, 100, 40, 20, 0.9, 0.1],
                     [102, 100, 40, 20, 0.7, 0.2],  # overlaps the first, same class: suppressed
                     [102, 100, 40, 20, 0.1, 0.6],  # overlaps, other class: kept
                     [300, 200, 10, 10, 0.1, 0.2]])  # under 0.25
    output = cols.T[None]  # [1, 4 + nc, N]
    det = parse_yolo_v8(output, nms=NmsParams(iou_threshold=0.5))
    np.testing.assert_allclose(det.boxes, [[80, 90, 120, 110], [82, 90, 122, 110]])
    np.testing.assert_allclose(det.scores, [0.9, 0.6])
    assert det.labels.tolist() == [0, 1]
    # 640x480 image letterboxed into 416x416: ratio 0.65, 52 px bars top and bottom
    t = ImageTransform.letterbox((640, 480), (416, 416))
    assert (t.scale_x, t.scale_y, t.pad_x, t.pad_y) == (0.65, 0.65, 0.0, 52.0)
    mapped = parse_yolo_v8(output, transform=t, nms=NmsParams(iou_threshold=0.5))
    np.testing.assert_allclose(mapped.boxes, [[80 / 0.65, 38 / 0.65, 120 / 0.65, 58 / 0.65],
                                              [82 / 0.65, 38 / 0.65, 122 / 0.65, 58 / 0.65]])


def test_image_transforms() -> None:
    box = np.array([[100.0, 200.0, 300.0, 400.0]])
    lb = ImageTransform.letterbox((640, 480), (416, 416))
    np.testing.assert_allclose(lb.to_input(box), [[65, 182, 195, 312]])
    np.testing.assert_allclose(lb.to_original(lb.to_input(box)), box)
    tall = ImageTransform.letterbox((300, 600), (640, 640))  # ratio 1.0667: 320 wide, 160 px bars left/right
    assert (tall.pad_x, tall.pad_y) == (160.0, 0.0)
    corner = ImageTransform.letterbox((300, 600), (640, 640), center=False)
    assert (corner.pad_x, corner.pad_y) == (0.0, 0.0)
    rs = ImageTransform.resize((640, 480), (320, 320))
    np.testing.assert_allclose(rs.to_original([[50, 80, 150, 160]]), [[100, 120, 300, 240]])
    # clipped to the original image
    np.testing.assert_allclose(rs.to_original([[-10, -10, 400, 400]]), [[0, 0, 640, 480]])
    np.testing.assert_allclose(rs.to_original([[-10, -10, 400, 400]], clip=False), [[-20, -15, 800, 600]])


def test_generic_boxes_scores_labels() -> None:
    boxes = np.array([[0.5, 0.5, 0.2, 0.4], [0.1, 0.1, 0.1, 0.1]])  # normalised cx, cy, w, h
    scores = np.array([[0.1, 0.7, 0.2], [0.05, 0.02, 0.01]])
    det = parse_boxes_scores_labels(boxes, scores, box_format="cxcywh", normalized_to=(200, 100),
                                    confidence_threshold=0.1)
    np.testing.assert_allclose(det.boxes, [[80, 30, 120, 70]])
    assert det.labels.tolist() == [1]
    det = parse_boxes_scores_labels([[10, 20, 5, 5]], [0.5], [7], box_format="xywh")
    np.testing.assert_allclose(det.boxes, [[10, 20, 15, 25]])
    assert det.labels.tolist() == [7]
    with pytest.raises(ValueError):
        parse_boxes_scores_labels([[0, 0, 1, 1]], [0.5], [1], box_format="yxyx")  # type: ignore[arg-type]
