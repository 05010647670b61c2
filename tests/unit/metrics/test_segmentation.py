import numpy as np
import pytest
from sklearn.metrics import accuracy_score, confusion_matrix, jaccard_score, recall_score

from dlwb_metrics.records import by_name
from dlwb_metrics.segmentation import CocoMaskAccumulator, ConfusionMatrixAccumulator, mask_iou
from dlwb_metrics.segmentation import confusion_matrix as my_confusion_matrix
from tests.unit.metrics.coco_reference import Image, coco_summary, rle
from tests.unit.metrics.synthetic import CATEGORIES, make_images

IGNORE = 255


def semantic_data(seed: int, num_classes: int = 6) -> list[tuple[np.ndarray, np.ndarray]]:
    """Class 5 never appears; class 4 only in predictions; an all-ignored image."""
    rng = np.random.default_rng(seed)
    pairs = []
    for i in range(8):
        gt = rng.integers(0, 4, (24, 40))
        gt[rng.random(gt.shape) < 0.1] = IGNORE
        pred = np.where(rng.random(gt.shape) < 0.7, gt, rng.integers(0, 5, gt.shape))
        pred = np.where(pred == IGNORE, rng.integers(0, 5, gt.shape), pred)
        if i == 3:
            gt[:] = IGNORE
        pairs.append((pred, gt))
    assert num_classes == 6
    return pairs


@pytest.mark.parametrize("seed", [0, 1])
def test_semantic_segmentation_matches_sklearn(seed: int) -> None:
    pairs = semantic_data(seed)
    acc = ConfusionMatrixAccumulator(num_classes=6, ignore_index=IGNORE)
    for pred, gt in pairs:
        acc.add(pred, gt)
    y_true = np.concatenate([gt.ravel() for _, gt in pairs])
    y_pred = np.concatenate([pred.ravel() for pred, _ in pairs])
    keep = y_true != IGNORE
    y_true, y_pred = y_true[keep], y_pred[keep]
    np.testing.assert_array_equal(acc.matrix, confusion_matrix(y_true, y_pred, labels=range(6)))
    values = by_name(acc.result())
    assert values["mean_iou"] == pytest.approx(jaccard_score(y_true, y_pred, average="macro"), abs=1e-12)
    assert values["pixel_accuracy"] == pytest.approx(accuracy_score(y_true, y_pred), abs=1e-12)
    expected_mca = recall_score(y_true, y_pred, labels=np.unique(y_true), average="macro")
    assert values["mean_class_accuracy"] == pytest.approx(expected_mca, abs=1e-12)
    per_class = acc.iou_per_class()
    np.testing.assert_allclose(per_class[:5], jaccard_score(y_true, y_pred, labels=range(5), average=None))
    assert np.isnan(per_class[5])  # absent everywhere: left out of the mean
    assert per_class[4] == 0.0  # predicted, never true: counts as 0
    assert np.isnan(acc.accuracy_per_class()[4])


def test_semantic_streaming_and_edge_cases() -> None:
    pairs = semantic_data(2)
    whole, a, b = (ConfusionMatrixAccumulator(6) for _ in range(3))
    for i, (pred, gt) in enumerate(pairs):
        whole.add(pred, gt)
        if i < 4:
            a.add(pred, gt)
        else:
            b.add_matrix(my_confusion_matrix(pred, gt, 6))  # computed on the agent
    a.merge(b)
    np.testing.assert_array_equal(a.matrix, whole.matrix)

    ignored = ConfusionMatrixAccumulator(3)
    ignored.add(np.ones((4, 4), int), np.full((4, 4), IGNORE))
    assert ignored.matrix.sum() == 0
    assert all(np.isnan(v) for v in by_name(ignored.result()).values())
    no_ignore = ConfusionMatrixAccumulator(3, ignore_index=None)
    no_ignore.add(np.zeros((2, 2), int), np.zeros((2, 2), int))
    assert by_name(no_ignore.result()) == {"mean_iou": 1.0, "pixel_accuracy": 1.0, "mean_class_accuracy": 1.0}
    with pytest.raises(ValueError):
        no_ignore.add(np.full((2, 2), 3), np.zeros((2, 2), int))
    with pytest.raises(ValueError):
        no_ignore.add(np.zeros((2, 2), int), np.full((2, 2), IGNORE))  # not ignored here: out of range


# ---- instance segmentation ----------------------------------------------------------------------------------------
def raster(rng: np.random.Generator, boxes: np.ndarray, height: int, width: int, noise: float) -> np.ndarray:
    masks = np.zeros((len(boxes), height, width), bool)
    for m, (x1, y1, x2, y2) in zip(masks, boxes, strict=True):
        m[int(max(y1, 0)):int(np.ceil(y2)), int(max(x1, 0)):int(np.ceil(x2))] = True
        m ^= rng.random(m.shape) < noise * (rng.random() < 0.5)  # some masks ragged
    return masks


def mask_images(seed: int, crowd_rate: float = 0.15) -> list[Image]:
    rng = np.random.default_rng(seed + 100)
    images, _ = make_images(seed, n_images=20, crowd_rate=crowd_rate, size=(48, 64))
    for im in images:
        im.gt_masks = raster(rng, im.gt_boxes, im.height, im.width, 0.05)
        im.dt_masks = raster(rng, im.dt_boxes, im.height, im.width, 0.08)
        im.gt_areas = im.gt_masks.sum(axis=(1, 2)).astype(float)
    return images


def run_masks(images: list[Image]) -> dict[str, float]:
    acc = CocoMaskAccumulator()
    for im in images:
        acc.add(im.dt_masks, im.dt_scores, im.dt_labels, im.gt_masks, im.gt_labels, im.gt_crowd)
    v = by_name(acc.result())
    return {"ap": v["coco_mask_ap"], "ap50": v["coco_mask_ap50"], "ap75": v["coco_mask_ap75"],
            "ar100": v["coco_mask_ar100"]}


@pytest.mark.parametrize(("seed", "crowd_rate"), [(0, 0.15), (1, 0.15), (2, 0.5)])
def test_coco_mask_ap_matches_pycocotools(seed: int, crowd_rate: float) -> None:
    images = mask_images(seed, crowd_rate)
    expected = coco_summary(images, CATEGORIES, "segm")
    mine = run_masks(images)
    for key, value in mine.items():
        assert value == pytest.approx(expected[key], abs=1e-6), key
    assert 0 < expected["ap"] < 1


def test_mask_iou_matches_pycocotools_rle_iou() -> None:
    from pycocotools import mask as mask_utils

    rng = np.random.default_rng(4)
    dt = rng.random((5, 20, 30)) < 0.3
    gt = rng.random((4, 20, 30)) < 0.4
    dt[1] = False  # an empty detection
    crowd = np.array([0, 1, 0, 1], np.uint8)
    expected = mask_utils.iou([rle(m) for m in dt], [rle(m) for m in gt], crowd)
    np.testing.assert_allclose(mask_iou(dt, gt, crowd), expected, atol=1e-12)
    assert mask_iou(np.zeros((0, 20, 30)), gt).shape == (0, 4)


def test_coco_masks_without_detections() -> None:
    images = mask_images(3)[:6]
    for im in images:
        im.dt_masks = np.zeros((0, im.height, im.width), bool)
        im.dt_scores, im.dt_labels = np.zeros(0), np.zeros(0, np.int64)
    expected = coco_summary(images, CATEGORIES, "segm")
    assert run_masks(images) == pytest.approx({k: expected[k] for k in ("ap", "ap50", "ap75", "ar100")}, abs=1e-12)
    assert expected["ap"] == 0
