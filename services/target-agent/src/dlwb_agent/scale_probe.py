"""A measured hint for the commonest silent mistake: a classifier fed raw 0..255 pixels that was trained on
0..1 inputs (or the reverse) still scores plausibly, only worse. When a classification run had no mean and
no scale, the first images are scored again at 0..1; a clear gain becomes a suggestion on the result."""

from __future__ import annotations

from pathlib import Path

import openvino as ov

from dlwb_common.api.accuracy import AccuracyConfig, AccuracyResult, AdapterKind
from dlwb_common.messages.datasets import Manifest
from dlwb_engine.accuracy import run_accuracy

PROBE_IMAGES = 64
CLEAR_GAIN = 0.05  # five points of top-1 on the probe images


def scale_suggestion(compiled: ov.CompiledModel, folder: Path, manifest: Manifest, config: AccuracyConfig,
                     result: AccuracyResult) -> str | None:
    pre = config.preprocessing
    if config.adapter != AdapterKind.classification or pre.scale or pre.mean:
        return None
    count = min(PROBE_IMAGES, len(result.images))
    as_run = [image for image in result.images[:count] if image.label is not None and image.predicted]
    if len(as_run) < 16:
        return None
    probe = config.model_copy(update={"max_samples": count,
                                      "preprocessing": pre.model_copy(update={"scale": [255.0]})})
    probed = run_accuracy(compiled, folder, manifest, probe, lambda *_: None)
    scored = {image.index: image for image in probed.images}
    before = sum(image.predicted[0] == image.label for image in as_run) / len(as_run)
    after = sum(scored[image.index].predicted[:1] == [image.label] for image in as_run) / len(as_run)
    if after - before < CLEAR_GAIN:
        return None
    return (f"With scale 255 (inputs 0..1) top-1 on the first {len(as_run)} images is {after:.1%} against "
            f"{before:.1%} as run (0..255): the model likely expects 0..1 inputs; set scale 255.")
