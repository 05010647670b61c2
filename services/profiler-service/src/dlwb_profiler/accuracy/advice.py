"""Warnings on an accuracy result whose numbers look plausible but whose pre-processing is likely wrong:
predictions collapsed onto a few classes, or top-1 near chance. Both are what a wrong input scale, mean or
colour order produce; the warnings say what to check instead of letting a wrong number pass."""

from __future__ import annotations

from collections import Counter

from dlwb_common.api.accuracy import AccuracyResult

MIN_IMAGES = 20  # below this, shares and chance levels say little
COLLAPSED_SHARE = 0.5  # one predicted class on at least half the images...
SPREAD_LABELS_SHARE = 0.3  # ...while no class holds more than this share of the labels
NEAR_CHANCE_FACTOR = 1.5  # top-1 within 1.5x of guessing
CHECK = "check the pre-processing: the input scale (e.g. 255 for a model trained on 0..1 inputs), mean and colour order"


def warnings(result: AccuracyResult) -> list[str]:
    if result.task != "classification":
        return []
    scored = [image for image in result.images if image.label is not None and image.predicted]
    if len(scored) < MIN_IMAGES:
        return []
    found: list[str] = []
    labels = Counter(image.label for image in scored)
    predicted = Counter(image.predicted[0] for image in scored)
    top_class, top_count = predicted.most_common(1)[0]
    if top_count / len(scored) >= COLLAPSED_SHARE and max(labels.values()) / len(scored) <= SPREAD_LABELS_SHARE:
        found.append(f"Predictions collapse onto class {top_class} ({top_count / len(scored):.0%} of the images) "
                     f"while the labels are spread over {len(labels)} classes: {CHECK}.")
    chance = 1 / len(labels) if len(labels) >= 3 else None
    top1 = sum(image.predicted[0] == image.label for image in scored) / len(scored)
    if chance is not None and top1 <= NEAR_CHANCE_FACTOR * chance:
        found.append(f"Top-1 {top1:.1%} is near chance ({chance:.1%} for {len(labels)} classes): {CHECK}.")
    return found
