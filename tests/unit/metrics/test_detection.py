import numpy as np
import pytest

from dlwb_metrics.detection import (
    CocoDetectionAccumulator,
    CocoParams,
    Detections,
    GroundTruth,
    VocAccumulator,
    box_iou,
    class_wise_nms,
    coco_box_iou,
    nms,
    voc_ap,
)
from dlwb_metrics.records import by_name
from tests.unit.metrics.coco_reference import Image, coco_summary
from tests.unit.metrics.synthetic import CATEGORIES, make_images


# ---- references ---------------------------------------------------------------------------------------------------
def reference_voc_ap(rec, prec, use_07_metric=False):
    """The VOC devkit's voc_ap (py-faster-rcnn voc_eval.py), transcribed."""
    if use_07_metric:
        ap = 0.0
        for t in np.arange(0.0, 1.1, 0.1):
            if np.sum(rec >= t) == 0:
                p = 0
            else:
                p = np.max(prec[rec >= t])
            ap = ap + p / 11.0
    else:
        mrec = np.concatenate(([0.0], rec, [1.0]))
        mpre = np.concatenate(([0.0], prec, [0.0]))
        for i in range(mpre.size - 1, 0, -1):
            mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
        i = np.where(mrec[1:] != mrec[:-1])[0]
        ap = np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])
    return ap


def reference_voc_eval(images: list[Image], difficult: list[np.ndarray], classname: int, ovthresh: float,
                       use_07_metric: bool) -> float:
    """The devkit's voc_eval loop, transcribed (>= as VOCevaldet.m; py-faster-rcnn writes >)."""
    class_recs = {}
    npos = 0
    for im, diff in zip(images, difficult, strict=True):
        r = im.gt_labels == classname
        class_recs[im.image_id] = {"bbox": im.gt_boxes[r], "difficult": diff[r], "det": [False] * int(r.sum())}
        npos = npos + int(np.sum(~diff[r]))
    image_ids = [im.image_id for im in images for lab in im.dt_labels if lab == classname]
    confidence = np.concatenate([im.dt_scores[im.dt_labels == classname] for im in images])
    bb_all = np.concatenate([im.dt_boxes[im.dt_labels == classname] for im in images]).reshape(-1, 4)
    sorted_ind = np.argsort(-confidence, kind="stable")
    bb_all = bb_all[sorted_ind, :]
    image_ids = [image_ids[x] for x in sorted_ind]
    nd = len(image_ids)
    tp = np.zeros(nd)
    fp = np.zeros(nd)
    for d in range(nd):
        rr = class_recs[image_ids[d]]
        bb = bb_all[d, :].astype(float)
        ovmax = -np.inf
        bbgt = rr["bbox"].astype(float)
        if bbgt.size > 0:
            ixmin = np.maximum(bbgt[:, 0], bb[0])
            iymin = np.maximum(bbgt[:, 1], bb[1])
            ixmax = np.minimum(bbgt[:, 2], bb[2])
            iymax = np.minimum(bbgt[:, 3], bb[3])
            iw = np.maximum(ixmax - ixmin + 1.0, 0.0)
            ih = np.maximum(iymax - iymin + 1.0, 0.0)
            inters = iw * ih
            uni = ((bb[2] - bb[0] + 1.0) * (bb[3] - bb[1] + 1.0)
                   + (bbgt[:, 2] - bbgt[:, 0] + 1.0) * (bbgt[:, 3] - bbgt[:, 1] + 1.0) - inters)
            overlaps = inters / uni
            ovmax = np.max(overlaps)
            jmax = np.argmax(overlaps)
        if ovmax >= ovthresh:
            if not rr["difficult"][jmax]:
                if not rr["det"][jmax]:
                    tp[d] = 1.0
                    rr["det"][jmax] = 1
                else:
                    fp[d] = 1.0
        else:
            fp[d] = 1.0
    fp = np.cumsum(fp)
    tp = np.cumsum(tp)
    rec = tp / float(npos)
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    return reference_voc_ap(rec, prec, use_07_metric)


def run_coco(images: list[Image]) -> dict[str, float]:
    acc = CocoDetectionAccumulator()
    for im in images:
        acc.add(Detections(im.dt_boxes, im.dt_scores, im.dt_labels),
                GroundTruth(im.gt_boxes, im.gt_labels, iscrowd=im.gt_crowd, areas=im.gt_areas))
    values = by_name(acc.result())
    return {"ap": values["coco_ap"], "ap50": values["coco_ap50"], "ap75": values["coco_ap75"],
            "ar100": values["coco_ar100"]}


def assert_matches_pycocotools(images: list[Image], categories: list[int] = CATEGORIES) -> dict[str, float]:
    expected = coco_summary(images, categories, "bbox")
    mine = run_coco(images)
    for key in mine:
        if expected[key] == -1:  # pycocotools' "no ground truth": NaN here
            assert np.isnan(mine[key]), key
        else:
            assert mine[key] == pytest.approx(expected[key], abs=1e-6), key
    return expected


# ---- IoU / NMS ----------------------------------------------------------------------------------------------------
def test_box_iou_by_hand() -> None:
    a = np.array([[0, 0, 10, 10]])
    b = np.array([[5, 0, 15, 10], [10, 10, 20, 20], [0, 0, 10, 10], [2, 2, 4, 4]])
    np.testing.assert_allclose(box_iou(a, b), [[50 / 150, 0, 1, 4 / 100]])
    # devkit's inclusive pixels: 11x11 boxes overlapping 6x11
    np.testing.assert_allclose(box_iou(a, b[:1], offset=1), [[66 / (121 + 121 - 66)]])
    # crowd: intersection over the detection's area
    np.testing.assert_allclose(coco_box_iou(b[:1], a, np.array([True])), [[0.5]])
    assert box_iou(np.zeros((0, 4)), a).shape == (0, 1)


def test_nms_greedy_and_class_wise() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 0, 11, 10], [20, 20, 30, 30], [0, 0, 10, 10], [0.5, 0, 10.5, 10]])
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.05])
    labels = np.array([1, 1, 1, 2, 1])
    assert nms(boxes, scores, 0.5).tolist() == [0, 2]
    assert nms(boxes, scores, 0.9).tolist() == [0, 1, 2]  # IoU(0, 1) = 0.818 <= 0.9 < IoU(0, 4) = 0.905
    assert nms(boxes, scores, 0.5, score_threshold=0.75).tolist() == [0]
    assert nms(boxes, scores, 0.99, max_detections=2).tolist() == [0, 1]
    kept = class_wise_nms(Detections(boxes, scores, labels), iou_threshold=0.5)
    assert kept.scores.tolist() == [0.9, 0.7, 0.6]  # box 3 survives: other class
    assert kept.labels.tolist() == [1, 1, 2]
    assert len(class_wise_nms(Detections(boxes, scores, labels), max_detections=2)) == 2
    assert len(class_wise_nms(Detections.empty())) == 0


def test_nms_matches_a_brute_force_greedy() -> None:
    rng = np.random.default_rng(5)
    xy = rng.uniform(0, 50, (60, 2))
    boxes = np.concatenate([xy, xy + rng.uniform(5, 30, (60, 2))], axis=1)
    scores = rng.random(60)
    order = list(np.argsort(-scores))
    keep = []
    while order:
        i = order.pop(0)
        keep.append(i)
        order = [j for j in order if box_iou(boxes[i], boxes[j])[0, 0] <= 0.4]
    assert nms(boxes, scores, 0.4).tolist() == keep


# ---- VOC ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("use_07_metric", [True, False])
def test_voc_ap_matches_the_devkit(use_07_metric: bool) -> None:
    rng = np.random.default_rng(1)
    for _ in range(50):
        n = int(rng.integers(0, 30))
        hits = rng.random(n) < 0.6
        tp, fp = np.cumsum(hits), np.cumsum(~hits)
        npos = max(1, int(hits.sum()) + int(rng.integers(0, 4)))
        rec, prec = tp / npos, tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
        assert voc_ap(rec, prec, use_07_metric) == pytest.approx(reference_voc_ap(rec, prec, use_07_metric), abs=1e-12)
    # recall exactly on an 11-point threshold (3/10)
    rec, prec = np.array([0.1, 0.2, 0.3]), np.array([1.0, 1.0, 0.75])
    assert voc_ap(rec, prec, True) == pytest.approx(reference_voc_ap(rec, prec, True), abs=1e-15)


@pytest.mark.parametrize("use_07_metric", [True, False])
@pytest.mark.parametrize(("seed", "integer", "score_levels"), [(0, False, None), (1, True, None), (2, True, 5)])
def test_voc_map_matches_the_devkit(use_07_metric: bool, seed: int, integer: bool, score_levels: int | None) -> None:
    images, difficult = make_images(seed, integer=integer, score_levels=score_levels)
    acc = VocAccumulator(iou_threshold=0.5, use_07_metric=use_07_metric)
    for im, diff in zip(images, difficult, strict=True):
        acc.add(Detections(im.dt_boxes, im.dt_scores, im.dt_labels), GroundTruth(im.gt_boxes, im.gt_labels, diff))
    per_class = acc.per_class_ap()
    expected = {c: reference_voc_eval(images, difficult, c, 0.5, use_07_metric) for c in CATEGORIES}
    assert per_class.keys() == expected.keys()  # the detection-only class has no AP
    for c in CATEGORIES:
        assert per_class[c] == pytest.approx(expected[c], abs=1e-6)
    assert by_name(acc.result())["voc_map"] == pytest.approx(np.mean(list(expected.values())), abs=1e-6)


def test_voc_edge_cases() -> None:
    gt = GroundTruth([[0, 0, 10, 10], [20, 20, 30, 30]], [1, 2], difficult=[False, True])
    acc = VocAccumulator()
    acc.add(Detections.empty(), gt)
    assert acc.per_class_ap() == {1: 0.0}  # class 2 has only a difficult object: no AP
    # a detection on a difficult object is neither right nor wrong
    acc2 = VocAccumulator()
    acc2.add(Detections([[20, 20, 30, 30], [0, 0, 10, 10]], [0.9, 0.8], [2, 1]), gt)
    only_difficult = GroundTruth([[20, 20, 30, 30]], [2], difficult=[True])
    assert acc2.add(Detections([[0, 0, 10, 10]], [0.5], [2]), only_difficult).outcome.tolist() == [0]
    assert acc2.records[0].outcome.tolist() == [-1, 1]
    assert acc2.per_class_ap() == {1: 1.0}
    assert np.isnan(by_name(VocAccumulator().result())["voc_map"])


def test_voc_merge_equals_one_pass() -> None:
    images, difficult = make_images(3)
    whole, a, b = VocAccumulator(), VocAccumulator(), VocAccumulator()
    for i, (im, diff) in enumerate(zip(images, difficult, strict=True)):
        det, gt = Detections(im.dt_boxes, im.dt_scores, im.dt_labels), GroundTruth(im.gt_boxes, im.gt_labels, diff)
        whole.add(det, gt)
        (a if i < 10 else b).add(det, gt)
    a.merge(b)
    assert a.per_class_ap() == whole.per_class_ap()


# ---- COCO ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("seed", "integer", "score_levels"),
                         [(0, False, None), (1, False, None), (2, True, None), (3, True, 4), (4, False, 3)])
def test_coco_box_ap_matches_pycocotools(seed: int, integer: bool, score_levels: int | None) -> None:
    assert_matches_pycocotools(make_images(seed, integer=integer, score_levels=score_levels)[0])


def test_coco_many_crowds_and_more_than_100_detections() -> None:
    images, _ = make_images(7, crowd_rate=0.5)
    rng = np.random.default_rng(0)
    im = images[1]
    base = np.array([50.0, 50.0, 120.0, 140.0])
    extra = base + rng.normal(0, 6, (130, 4))  # 130 detections of one class in one image: the cut at 100 matters
    im.dt_boxes = np.concatenate([im.dt_boxes, extra])
    im.dt_scores = np.concatenate([im.dt_scores, rng.random(130)])
    im.dt_labels = np.concatenate([im.dt_labels, np.full(130, 3)])
    im.gt_boxes = np.concatenate([im.gt_boxes, [base, base + 4]])
    im.gt_labels = np.concatenate([im.gt_labels, [3, 3]])
    im.gt_crowd = np.concatenate([im.gt_crowd, [False, True]])
    im.gt_areas = np.concatenate([im.gt_areas, [70.0 * 90, 70.0 * 90]])
    expected = assert_matches_pycocotools(images)
    assert 0 < expected["ap"] < 1


def test_coco_area_ranges_and_detection_limits_match_pycocotools() -> None:
    """Beyond the defaults: pycocotools' small/medium/large and 1/10-detection numbers from CocoParams."""
    images, _ = make_images(11, n_images=40)
    expected = coco_summary(images, CATEGORIES, "bbox")
    settings = {"small": CocoParams(area_range=(0, 32**2)), "medium": CocoParams(area_range=(32**2, 96**2)),
                "large": CocoParams(area_range=(96**2, 1e5**2))}
    for name, params in settings.items():
        acc = CocoDetectionAccumulator(params)
        for im in images:
            acc.add(Detections(im.dt_boxes, im.dt_scores, im.dt_labels),
                    GroundTruth(im.gt_boxes, im.gt_labels, iscrowd=im.gt_crowd))
        e = acc.evaluate()
        assert e.average_precision() == pytest.approx(expected[f"ap_{name}"], abs=1e-6), name
        assert e.average_recall() == pytest.approx(expected[f"ar_{name}"], abs=1e-6), name
    for limit in (1, 10):
        acc = CocoDetectionAccumulator(CocoParams(max_detections=limit))
        for im in images:
            acc.add(Detections(im.dt_boxes, im.dt_scores, im.dt_labels),
                    GroundTruth(im.gt_boxes, im.gt_labels, iscrowd=im.gt_crowd))
        assert acc.evaluate().average_recall() == pytest.approx(expected[f"ar{limit}"], abs=1e-6)


def test_coco_iou_tie_between_ignored_objects() -> None:
    """pycocotools takes the last of equally good objects: here that uses up a non-crowd ignored object
    (B, outside the medium area range) so that a later detection becomes a false positive."""
    gt_boxes = np.array([[-100.0, 0, 50, 100], [0, 0, 100, 100], [200, 200, 260, 260]])  # A crowd, B, C
    dt_boxes = np.array([[-50.0, 0, 100, 100], [30, 0, 100, 100], [200, 200, 260, 260]])  # IoU(d0, A) = (d0, B)
    im = Image(1, 400, 400, gt_boxes, np.array([1, 1, 1]), np.array([True, False, False]), dt_boxes,
               np.array([0.9, 0.8, 0.7]), np.array([1, 1, 1]), gt_areas=np.array([15000.0, 10000.0, 3600.0]))
    expected = coco_summary([im], [1], "bbox")
    acc = CocoDetectionAccumulator(CocoParams(area_range=(32**2, 96**2)))
    acc.add(Detections(dt_boxes, im.dt_scores, im.dt_labels), GroundTruth(gt_boxes, im.gt_labels, iscrowd=im.gt_crowd))
    assert acc.evaluate().average_precision() == pytest.approx(expected["ap_medium"], abs=1e-6)
    assert expected["ap_medium"] < 0.9


def test_coco_no_detections_and_no_ground_truth() -> None:
    images, _ = make_images(8, n_images=6)
    for im in images:
        im.dt_boxes, im.dt_scores, im.dt_labels = np.zeros((0, 4)), np.zeros(0), np.zeros(0, np.int64)
    assert assert_matches_pycocotools(images)["ap"] == 0
    # ground truth only made of crowds: no category has objects -> pycocotools -1, here NaN
    crowd = Image(1, 100, 100, np.array([[10.0, 10, 50, 50]]), np.array([1]), np.array([True]),
                  np.array([[12.0, 12, 48, 48]]), np.array([0.9]), np.array([1]), gt_areas=np.array([1600.0]))
    assert assert_matches_pycocotools([crowd], [1])["ap"] == -1


def test_coco_class_without_ground_truth_is_left_out() -> None:
    acc = CocoDetectionAccumulator()
    acc.add(Detections([[0, 0, 10, 10], [0, 0, 10, 10]], [0.9, 0.8], [1, 2]), GroundTruth([[0, 0, 10, 10]], [1]))
    assert by_name(acc.result())["coco_ap"] == pytest.approx(1.0)  # pycocotools: tp / (tp + fp + eps)
    assert acc.evaluate().labels.tolist() == [1, 2]
    assert np.isnan(acc.evaluate().precision[:, :, 1]).all()


def test_coco_merge_equals_one_pass() -> None:
    images, _ = make_images(9)
    whole, a, b = CocoDetectionAccumulator(), CocoDetectionAccumulator(), CocoDetectionAccumulator()
    for i, im in enumerate(images):
        det = Detections(im.dt_boxes, im.dt_scores, im.dt_labels)
        gt = GroundTruth(im.gt_boxes, im.gt_labels, iscrowd=im.gt_crowd)
        whole.add(det, gt)
        (a if i < 12 else b).add(det, gt)
    a.merge(b)
    assert by_name(a.result()) == by_name(whole.result())
