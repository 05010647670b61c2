"""Warnings on classification results that look like a wrong pre-processing."""

from dlwb_common.api.accuracy import AccuracyResult, ImageResult
from dlwb_profiler.accuracy.advice import warnings


def result(pairs: list[tuple[int, int]], task: str = "classification") -> AccuracyResult:
    images = [ImageResult(index=i, label=label, predicted=[predicted]) for i, (label, predicted) in enumerate(pairs)]
    return AccuracyResult(task=task, metrics=[], images=images, samples=len(images), seconds=1, images_per_second=1)


def test_predictions_collapsed_on_one_class_are_flagged() -> None:
    pairs = [(i % 10, 3 if i % 5 else i % 10) for i in range(100)]  # 80 % predicted as class 3
    found = warnings(result(pairs))
    assert any("collapse onto class 3 (80%" in text and "input scale" in text for text in found)


def test_near_chance_top1_is_flagged() -> None:
    pairs = [(i % 10, (i + i // 10) % 10) for i in range(100)]  # spread predictions, 10 % right
    found = warnings(result(pairs))
    assert len(found) == 1 and found[0].startswith("Top-1 10.0% is near chance (10.0% for 10 classes)")


def test_a_good_result_and_other_tasks_say_nothing() -> None:
    good = [(i % 10, i % 10 if i % 4 else (i + 1) % 10) for i in range(100)]  # 75 % right, spread
    assert warnings(result(good)) == []
    assert warnings(result([(0, 0)] * 100, task="object_detection")) == []
    assert warnings(result([(i % 10, 3) for i in range(10)])) == []  # too few images to judge
