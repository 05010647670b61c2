"""Per-image predictions of a model's outputs and the task's metric accumulators (dlwb_metrics)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import openvino as ov
from PIL import Image, ImageDraw

from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind, ImageResult, MetricValue, ResizeMode
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.datasets import Manifest, Sample
from dlwb_engine.detections import detections_of
from dlwb_metrics.boxes import GroundTruth
from dlwb_metrics.classification import ClassificationAccumulator, top_k_indices
from dlwb_metrics.detection import CocoDetectionAccumulator, VocAccumulator
from dlwb_metrics.detection_adapters import ImageTransform
from dlwb_metrics.face_recognition import pair_scores, verification_accuracy
from dlwb_metrics.image_quality import ImageQualityAccumulator
from dlwb_metrics.landmarks import NmeAccumulator
from dlwb_metrics.records import Metric, VerificationAccuracy, VerificationAccuracyStd
from dlwb_metrics.segmentation import CocoMaskAccumulator, ConfusionMatrixAccumulator

TOP_K = 5


class Scorer:
    """Per-image predictions and the task's metric accumulators."""

    def __init__(self, config: AccuracyConfig, manifest: Manifest, folder: Path | None = None) -> None:
        self.config, self.manifest, self.folder = config, manifest, folder or Path(".")
        if config.adapter == AdapterKind.classification:
            self.classification = ClassificationAccumulator(background_offset=config.background_offset)
        elif config.adapter == AdapterKind.segmentation:
            if config.preprocessing.resize != ResizeMode.stretch:
                raise InvalidInputError("segmentation is scored with the plain resize (stretch) pre-processing",
                                        code="accuracy.unsupported_preprocessing")
            self.segmentation = ConfusionMatrixAccumulator(max(len(manifest.classes), 1), config.ignore_index)
        elif config.adapter == AdapterKind.image:
            self.quality = ImageQualityAccumulator(data_range=255.0)
        elif config.adapter == AdapterKind.landmarks:
            eyes = config.eye_indices if config.nme_normalization == "interocular" else None
            self.nme = NmeAccumulator(config.nme_normalization, eyes)
        elif config.adapter == AdapterKind.instance_masks:
            self.masks = CocoMaskAccumulator()
        elif config.adapter == AdapterKind.embedding:
            if not manifest.pairs:
                raise InvalidInputError("face verification needs a dataset of pairs (LFW)",
                                        code="accuracy.task_mismatch")
            self.embeddings: dict[int, np.ndarray] = {}
        else:
            self.voc = VocAccumulator(iou_threshold=0.5, use_07_metric=config.voc_11_point)
            self.coco = CocoDetectionAccumulator()

    def check_outputs(self, outputs: list[ov.Output]) -> None:
        shapes = [o.get_partial_shape() for o in outputs]
        kind = self.config.adapter
        if kind == AdapterKind.classification:
            last = shapes[0][shapes[0].rank.get_length() - 1] if shapes[0].rank.is_static else None
            if last is None or last.is_dynamic or last.get_length() < len(self.manifest.classes):
                raise InvalidInputError(f"the model's output {shapes[0]} does not fit a classifier of the dataset's "
                                        f"{len(self.manifest.classes)} classes", code="accuracy.adapter_mismatch")
        elif kind == AdapterKind.ssd and not (shapes[0].rank.is_static and shapes[0][-1].get_length() == 7):
            raise InvalidInputError(f"the SSD adapter needs a DetectionOutput [1, 1, N, 7]; the output is {shapes[0]}",
                                    code="accuracy.adapter_mismatch")


    def add_segmentation(self, index: int, sample: Sample, output: np.ndarray) -> ImageResult:
        scores = output[0]
        predicted = scores.astype(np.int64) if scores.ndim == 2 else np.argmax(scores, axis=0)
        assert sample.mask is not None
        with Image.open(self.folder / sample.mask) as opened:
            indexed = opened if opened.mode in ("L", "P", "I", "I;16") else opened.convert("L")
            truth = np.asarray(indexed).astype(np.int64)
        if predicted.shape != truth.shape:  # back to the annotation's size, nearest class
            resized = Image.fromarray(predicted.astype(np.int32)).resize((truth.shape[1], truth.shape[0]),
                                                                        Image.NEAREST)
            predicted = np.asarray(resized).astype(np.int64)
        self.segmentation.add(predicted, truth)
        valid = truth != self.config.ignore_index
        accuracy = float((predicted[valid] == truth[valid]).mean()) if valid.any() else float("nan")
        return ImageResult(index=index, values={"pixel_accuracy": accuracy})

    def add_image(self, index: int, sample: Sample, output: np.ndarray) -> ImageResult:
        out = output[0]
        if out.ndim == 3 and out.shape[0] in (1, 3) and out.shape[-1] not in (1, 3):
            out = out.transpose(1, 2, 0)  # CHW -> HWC
        out = np.clip(out.astype(np.float64) * 255.0 / self.config.output_scale, 0, 255)
        assert sample.target is not None
        with Image.open(self.folder / sample.target) as opened:
            target = np.asarray(opened.convert("L" if out.shape[-1] == 1 else "RGB"), dtype=np.float64)
        if target.ndim == 2:
            target = target[:, :, None]
        if target.shape != out.shape:
            raise InvalidInputError(f"the model's output is {out.shape[1]}x{out.shape[0]} but the target image is "
                                    f"{target.shape[1]}x{target.shape[0]}", code="accuracy.adapter_mismatch")
        if out.shape[-1] == 1:
            quality = self.quality.add(out[:, :, 0], target[:, :, 0])
        else:
            self.quality.channel_axis = -1
            quality = self.quality.add(out, target)
        return ImageResult(index=index, values={"psnr": quality[0], "ssim": quality[1]})

    def add_landmarks(self, index: int, sample: Sample, output: np.ndarray, transform: ImageTransform,
                      input_size: tuple[int, int]) -> ImageResult:
        points = output.reshape(-1, 2).astype(np.float64)
        if self.config.landmarks_normalized:
            points = points * np.array(input_size, np.float64)
        original = transform.to_original(np.hstack([points, points]), clip=False)[:, :2]
        truth = np.array(sample.points, np.float64)
        if truth.shape != original.shape:
            raise InvalidInputError(f"the model gives {len(original)} points, the annotation {len(truth)}",
                                    code="accuracy.adapter_mismatch")
        error = self.nme.add(original, truth)
        return ImageResult(index=index, boxes=[[float(x), float(y)] for x, y in original], values={"nme": error})

    def add_instance_masks(self, index: int, sample: Sample, outputs: list[np.ndarray], transform: ImageTransform
                           ) -> ImageResult:
        if len(outputs) < 3:
            raise InvalidInputError("the instance-mask adapter needs three outputs: boxes [N, 5], labels [N], "
                                    "masks [N, h, w]", code="accuracy.adapter_mismatch")
        rows = outputs[0].reshape(-1, 5).astype(np.float64)
        labels = outputs[1].reshape(-1).astype(np.int64) - self.config.background_offset
        probabilities = outputs[2].reshape(len(rows), *outputs[2].shape[-2:])
        keep = rows[:, 4] >= self.config.confidence_threshold
        width, height = transform.original_size
        boxes = transform.to_original(rows[keep, :4])
        masks = np.stack([paste(p, box, width, height) for p, box in zip(probabilities[keep], boxes, strict=True)]) \
            if keep.any() else np.zeros((0, height, width), bool)
        truth = np.stack([rasterize(polygons, box, width, height) for polygons, box in
                          zip(sample.polygons or [[] for _ in sample.boxes], sample.boxes, strict=True)]) \
            if sample.boxes else np.zeros((0, height, width), bool)
        self.masks.add(masks, rows[keep, 4], labels[keep], truth, np.array(sample.labels, np.int64),
                       np.array(sample.iscrowd or [False] * len(sample.labels), bool))
        return ImageResult(index=index, predicted=[int(x) for x in labels[keep]],
                           scores=[float(x) for x in rows[keep, 4]], boxes=[[float(v) for v in b] for b in boxes])

    def add_embedding(self, index: int, output: np.ndarray) -> ImageResult:
        self.embeddings[index] = output.reshape(-1).astype(np.float64)
        return ImageResult(index=index)

    def add_classified(self, items: list[tuple[int, Sample, ImageTransform]], scores: np.ndarray
                       ) -> list[ImageResult]:
        """A batch of classifier outputs at once (one top-k and one accumulator update per batch)."""
        rows = scores.reshape(scores.shape[0], -1)[: len(items)]
        labels = np.array([sample.label for _, sample, _ in items])
        top = top_k_indices(rows, TOP_K)
        self.classification.add_topk(top, labels)
        offset = self.config.background_offset
        results = []
        for row, (index, sample, _) in enumerate(items):
            predicted = [int(i) - offset for i in top[row]]
            results.append(ImageResult(index=index, label=sample.label, predicted=predicted,
                                       scores=[float(rows[row, i]) for i in top[row]],
                                       correct=predicted[0] == sample.label))
        return results

    def add(self, index: int, sample: Sample, outputs: list[np.ndarray], transform: ImageTransform,
            input_size: tuple[int, int] = (0, 0)) -> ImageResult:
        if self.config.adapter == AdapterKind.landmarks:
            return self.add_landmarks(index, sample, outputs[0], transform, input_size)
        if self.config.adapter == AdapterKind.embedding:
            return self.add_embedding(index, outputs[0])
        if self.config.adapter == AdapterKind.instance_masks:
            return self.add_instance_masks(index, sample, outputs, transform)
        if self.config.adapter == AdapterKind.segmentation:
            return self.add_segmentation(index, sample, outputs[0])
        if self.config.adapter == AdapterKind.image:
            return self.add_image(index, sample, outputs[0])
        if self.config.adapter == AdapterKind.classification:
            scores = outputs[0].reshape(-1)
            top = top_k_indices(scores[None], TOP_K)[0]
            assert sample.label is not None
            self.classification.add(scores[None], sample.label)
            predicted = [int(i) - self.config.background_offset for i in top]
            return ImageResult(index=index, label=sample.label, predicted=predicted,
                               scores=[float(scores[i]) for i in top], correct=predicted[0] == sample.label)
        found = detections_of(self.config, outputs, transform, input_size)
        truth = GroundTruth(np.array(sample.boxes, np.float64).reshape(-1, 4), np.array(sample.labels, np.int64),
                            difficult=np.array(sample.difficult or [False] * len(sample.labels), bool),
                            iscrowd=np.array(sample.iscrowd or [False] * len(sample.labels), bool))
        self.voc.add(found, truth)
        self.coco.add(found, truth)
        return ImageResult(index=index, predicted=[int(x) for x in found.labels],
                           scores=[float(x) for x in found.scores],
                           boxes=[[float(v) for v in box] for box in found.boxes])

    def verification(self) -> list[Metric]:
        """The LFW protocol over the manifest's pairs: 10 folds (fewer for a small set), cosine similarity."""
        pairs = [(a, b, same) for a, b, same in self.manifest.pairs if a in self.embeddings and b in self.embeddings]
        scores = pair_scores(np.array([self.embeddings[a] for a, _, _ in pairs]),
                             np.array([self.embeddings[b] for _, b, _ in pairs]), "cosine")
        found = verification_accuracy(scores, np.array([same for _, _, same in pairs]), "cosine",
                                      folds=min(10, len(pairs)))
        return [VerificationAccuracy(found.mean), VerificationAccuracyStd(found.std)]

    def metrics(self) -> list[MetricValue]:
        if self.config.adapter == AdapterKind.classification:
            records: list[Metric] = self.classification.result()
        elif self.config.adapter == AdapterKind.segmentation:
            records = self.segmentation.result()
        elif self.config.adapter == AdapterKind.image:
            records = self.quality.result()
        elif self.config.adapter == AdapterKind.landmarks:
            records = self.nme.result()
        elif self.config.adapter == AdapterKind.embedding:
            records = self.verification()
        elif self.config.adapter == AdapterKind.instance_masks:
            records = self.masks.result()
        else:
            records = self.voc.result() + self.coco.result()
        return [MetricValue(name=m.name, value=float(m.value), unit=m.unit, higher_is_better=m.higher_is_better)
                for m in records if not math.isnan(m.value)]


def paste(probabilities: np.ndarray, box: np.ndarray, width: int, height: int) -> np.ndarray:
    """A per-box mask (probabilities, any size) resized into its box on a full-image canvas, at 0.5."""
    canvas = np.zeros((height, width), bool)
    x1, y1 = int(np.floor(box[0])), int(np.floor(box[1]))
    x2, y2 = int(np.ceil(box[2])), int(np.ceil(box[3]))
    if x2 <= x1 or y2 <= y1:
        return canvas
    resized = Image.fromarray(probabilities.astype(np.float32), "F").resize((x2 - x1, y2 - y1), Image.BILINEAR)
    region = np.asarray(resized) >= 0.5
    top, left = max(y1, 0), max(x1, 0)
    bottom, right = min(y2, height), min(x2, width)
    canvas[top:bottom, left:right] = region[top - y1:bottom - y1, left - x1:right - x1]
    return canvas


def rasterize(polygons: list[list[float]], box: list[float], width: int, height: int) -> np.ndarray:
    """An annotated object's mask: its COCO polygons filled (the box when it has none)."""
    image = Image.new("1", (width, height), 0)
    draw = ImageDraw.Draw(image)
    for polygon in polygons or [[box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]]]:
        if len(polygon) >= 6:
            draw.polygon(polygon, fill=1)
    return np.asarray(image, bool)
