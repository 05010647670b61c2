"""Run a model over an annotated dataset and score it: images decoded and pre-processed in a thread
pool ahead of an asynchronous infer queue, outputs turned into predictions by the configured adapter,
metrics accumulated with dlwb_metrics (checked against the reference implementations)."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import openvino as ov
from PIL import Image, ImageDraw

from dlwb_common.api.accuracy import (
    TASKS_OF_ADAPTER,
    AccuracyConfig,
    AccuracyResult,
    AdapterKind,
    ImageResult,
    MetricValue,
    ResizeMode,
)
from dlwb_common.errors import CancelledError, InvalidInputError
from dlwb_common.messages.datasets import Manifest, Sample
from dlwb_engine.datasets import InputLayout, PreparedInputs, Preprocessor
from dlwb_metrics.boxes import Detections, GroundTruth, NmsParams
from dlwb_metrics.classification import ClassificationAccumulator, top_k_indices
from dlwb_metrics.detection import CocoDetectionAccumulator, VocAccumulator
from dlwb_metrics.detection_adapters import (
    ImageTransform,
    parse_boxes_scores_labels,
    parse_ssd,
    parse_yolo_v3,
    parse_yolo_v5,
    parse_yolo_v8,
)
from dlwb_metrics.face_recognition import pair_scores, verification_accuracy
from dlwb_metrics.image_quality import ImageQualityAccumulator
from dlwb_metrics.landmarks import NmeAccumulator
from dlwb_metrics.records import Metric, VerificationAccuracy, VerificationAccuracyStd
from dlwb_metrics.segmentation import CocoMaskAccumulator, ConfusionMatrixAccumulator

TOP_K = 5
PREFETCH = 16
REPORT_EVERY_SECONDS = 0.5

Report = Callable[[float, str, float | None], None]  # progress, stage, images per second


def ssd_anchors(input_size: tuple[int, int], strides: list[int], per_cell: list[int]) -> np.ndarray:
    """MediaPipe's fixed-size SSD anchors: cell centres (x, y) normalised, ``per_cell`` at each stride."""
    centres = []
    for stride, count in zip(strides, per_cell, strict=True):
        columns, rows = input_size[0] // stride, input_size[1] // stride
        grid = [((x + 0.5) / columns, (y + 0.5) / rows) for y in range(rows) for x in range(columns)]
        centres += [cell for cell in grid for _ in range(count)]
    return np.array(centres, np.float64)


def parse_blazeface(config: AccuracyConfig, outputs: list[np.ndarray], transform: ImageTransform,
                    input_size: tuple[int, int], nms: NmsParams) -> Detections:
    """BlazeFace: per anchor, box offsets (cx, cy, w, h in input pixels around the anchor) and a logit."""
    regressors, scores = sorted(outputs, key=lambda o: -o.shape[-1])[:2]
    anchors = ssd_anchors(input_size, config.anchor_strides, config.anchors_per_cell)
    raw = regressors.reshape(-1, regressors.shape[-1])[:, :4].astype(np.float64)
    if len(raw) != len(anchors):
        raise InvalidInputError(f"{len(raw)} regressors but {len(anchors)} anchors from the strides and counts given",
                                code="accuracy.adapter_mismatch")
    size = np.array(input_size, np.float64)
    centres = raw[:, :2] / size + anchors
    half = raw[:, 2:4] / size / 2
    boxes = np.hstack([centres - half, centres + half]) * np.tile(size, 2)
    probabilities = 1 / (1 + np.exp(-np.clip(scores.reshape(-1).astype(np.float64), -100, 100)))
    return parse_boxes_scores_labels(boxes, probabilities, np.zeros(len(boxes), np.int64),
                                     confidence_threshold=config.confidence_threshold, transform=transform, nms=nms)


def parse_yolox(config: AccuracyConfig, output: np.ndarray, transform: ImageTransform, input_size: tuple[int, int],
                nms: NmsParams) -> Detections:
    """YOLOX without in-graph decoding: per cell of each stride, (x, y) offsets, log (w, h), objectness and
    class probabilities (already activated)."""
    rows = output.reshape(-1, output.shape[-1]).astype(np.float64)
    grids, strides = [], []
    for stride in config.grid_strides:
        columns, lines = input_size[0] // stride, input_size[1] // stride
        xs, ys = np.meshgrid(np.arange(columns), np.arange(lines))
        grids.append(np.stack([xs, ys], axis=-1).reshape(-1, 2))
        strides.append(np.full((columns * lines, 1), stride))
    grid, stride_of = np.concatenate(grids), np.concatenate(strides)
    if len(grid) != len(rows):
        raise InvalidInputError(f"{len(rows)} YOLOX rows but {len(grid)} cells from the strides given",
                                code="accuracy.adapter_mismatch")
    centres = (rows[:, :2] + grid) * stride_of
    sizes = np.exp(np.clip(rows[:, 2:4], -20, 20)) * stride_of
    probabilities = rows[:, 4:5] * rows[:, 5:]
    return parse_boxes_scores_labels(np.hstack([centres - sizes / 2, centres + sizes / 2]), probabilities,
                                     confidence_threshold=config.confidence_threshold, transform=transform, nms=nms)


def detections_of(config: AccuracyConfig, outputs: list[np.ndarray], transform: ImageTransform,
                  input_size: tuple[int, int]) -> Detections:
    """A detector's outputs as boxes in the original image's pixels, after the adapter and NMS."""
    nms = NmsParams(iou_threshold=config.nms_iou, score_threshold=config.confidence_threshold)
    threshold = config.confidence_threshold
    if config.adapter == AdapterKind.ssd:
        found = parse_ssd(outputs[0], transform.original_size, threshold)
        return Detections(found.boxes, found.scores, found.labels - config.background_offset)
    if config.adapter == AdapterKind.yolo_v8:
        return parse_yolo_v8(outputs[0], threshold, transform, nms)
    if config.adapter == AdapterKind.blazeface:
        return parse_blazeface(config, outputs, transform, input_size, nms)
    if config.adapter == AdapterKind.yolox:
        return parse_yolox(config, outputs[0], transform, input_size, nms)
    if config.adapter in (AdapterKind.yolo_v3, AdapterKind.yolo_v5):
        heads = sorted(outputs, key=lambda head: -head.shape[-1] if head.ndim == 4 else -head.shape[-2])
        anchors = [np.array(a, np.float64).reshape(-1, 2) for a in config.anchors]
        if len(anchors) != len(heads):
            raise InvalidInputError(f"{len(heads)} YOLO heads but {len(anchors)} anchor sets",
                                    code="accuracy.adapter_mismatch")
        parse = parse_yolo_v5 if config.adapter == AdapterKind.yolo_v5 else parse_yolo_v3
        return parse(heads, anchors, input_size, threshold, transform, nms)
    rows = outputs[0].reshape(-1, outputs[0].shape[-1])
    if len(outputs) >= 2:
        labels = outputs[2].reshape(-1) if len(outputs) > 2 else None
        return parse_boxes_scores_labels(rows[:, :4], outputs[1], labels, confidence_threshold=threshold,
                                         transform=transform, nms=nms)
    return parse_boxes_scores_labels(rows[:, :4], rows[:, 4], rows[:, 5] if rows.shape[1] > 5 else None,
                                     confidence_threshold=threshold, transform=transform, nms=nms)


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


def image_input_index(model: ov.Model | ov.CompiledModel) -> int:
    """The image input: the one of rank 4 (the others are small side inputs such as im_info)."""
    ranked = [i for i, port in enumerate(model.inputs) if port.get_partial_shape().rank.is_static
              and port.get_partial_shape().rank.get_length() == 4]
    if len(ranked) != 1:
        raise InvalidInputError(f"the model has {len(model.inputs)} inputs and {len(ranked)} images among them; "
                                "image accuracy feeds one image input", code="accuracy.unsupported_input")
    return ranked[0]


def static_image_model(model: ov.Model, manifest: Manifest) -> ov.Model:
    """Dynamic dimensions of the image input made static: batch 1, and height and width of the dataset's
    first image (where the model leaves them open); side inputs get batch 1."""
    index = image_input_index(model)
    shapes = {}
    for position, port in enumerate(model.inputs):
        shape = port.get_partial_shape()
        if shape.is_static:
            continue
        dims = [d.get_length() if d.is_static else -1 for d in shape]
        dims[0] = 1 if dims[0] == -1 else dims[0]
        if position == index and -1 in dims:
            first = manifest.samples[0] if manifest.samples else None
            width, height = (first.width or 224, first.height or 224) if first else (224, 224)
            channels_first = dims[1] in (1, 3, -1) and dims[3] not in (1, 3)
            h, w = (2, 3) if channels_first else (1, 2)
            c = 1 if channels_first else 3
            dims[h] = height if dims[h] == -1 else dims[h]
            dims[w] = width if dims[w] == -1 else dims[w]
            dims[c] = 3 if dims[c] == -1 else dims[c]
        if -1 in dims:
            raise InvalidInputError(f"input {port.get_any_name()} has dynamic dimensions {shape} that the dataset "
                                    "cannot fix", code="accuracy.unsupported_input")
        shapes[port] = ov.PartialShape(dims)
    if shapes:
        model.reshape(shapes)
    return model


# adapters whose outputs are one row per image along the first axis
BATCH_MAJOR = {AdapterKind.classification, AdapterKind.segmentation, AdapterKind.image, AdapterKind.landmarks,
               AdapterKind.embedding}


def batched_model(model: ov.Model, config: AccuracyConfig) -> ov.Model | None:
    """``model`` reshaped to take ``config.batch`` images at once, or None where that cannot be done
    safely: several inputs, outputs not per image, or a graph that does not keep the batch axis."""
    if config.batch == 1 or config.adapter not in BATCH_MAJOR or len(model.inputs) != 1:
        return None
    shape = model.inputs[0].get_partial_shape()
    if shape.is_dynamic:
        return None
    dims = [d.get_length() for d in shape]
    if dims[0] != 1:
        return None
    try:
        model.reshape({model.inputs[0]: ov.PartialShape([config.batch, *dims[1:]])})
    except Exception:  # noqa: BLE001 - a graph with a fixed batch (e.g. Reshape to [1, -1]): run one by one
        return None
    if any(out.get_partial_shape().is_dynamic or out.get_partial_shape()[0].get_length() != config.batch
           for out in model.outputs):
        return None
    return model


def side_inputs(compiled: ov.CompiledModel, image: int, layout: InputLayout) -> dict[int, np.ndarray]:
    """Side inputs filled as detectors expect: image info [height, width, scale] (or [height, width])."""
    filled = {}
    for position, port in enumerate(compiled.inputs):
        if position == image:
            continue
        size = int(np.prod(port.get_shape()))
        if size not in (2, 3):
            raise InvalidInputError(f"input {port.get_any_name()} {port.get_shape()} is neither the image nor image "
                                    "info", code="accuracy.unsupported_input")
        info = [layout.height, layout.width, 1.0][:size]
        filled[position] = np.array(info, port.get_element_type().to_dtype()).reshape(port.get_shape())
    return filled


def decoded(samples: list[tuple[int, Sample]], folder: Path, preprocess: Preprocessor, pool: ThreadPoolExecutor
            ) -> Iterator[tuple[int, Sample, Future]]:
    """Images decoded by the pool, ``PREFETCH`` ahead of the consumer."""
    pending: list[tuple[int, Sample, Future]] = []
    for index, sample in samples:
        pending.append((index, sample, pool.submit(preprocess, folder / sample.image)))
        if len(pending) > PREFETCH:
            yield pending.pop(0)
    yield from pending


def run_accuracy(compiled: ov.CompiledModel, folder: Path, manifest: Manifest, config: AccuracyConfig,
                 report: Report, cancel: threading.Event | None = None, prepared_dir: Path | None = None,
                 dataset_key: str = "") -> AccuracyResult:
    """Score ``compiled`` on the manifest's samples. With ``prepared_dir``, the pre-processed tensors are
    kept there (keyed by ``dataset_key``, the pre-processing and the input) for the next run."""
    if manifest.task is None:
        raise InvalidInputError("the dataset has no annotations: accuracy needs an annotated dataset",
                                code="accuracy.needs_annotations")
    if manifest.task not in TASKS_OF_ADAPTER[config.adapter]:
        raise InvalidInputError(f"a {manifest.task} dataset does not fit the {config.adapter.value} adapter",
                                code="accuracy.task_mismatch")
    image = image_input_index(compiled)
    scorer = Scorer(config, manifest, folder)
    scorer.check_outputs(list(compiled.outputs))
    preprocess = Preprocessor.for_input(compiled.inputs[image], config.preprocessing)
    extra = side_inputs(compiled, image, preprocess.layout)
    input_size = (preprocess.layout.width, preprocess.layout.height)
    samples = list(enumerate(manifest.samples))[: config.max_samples]
    prepared = None
    if prepared_dir is not None and dataset_key:
        key = hashlib.sha256(f"{dataset_key}|{config.preprocessing.model_dump_json()}|{preprocess.shape}|"
                             f"{len(samples)}".encode()).hexdigest()[:32]
        prepared = PreparedInputs(prepared_dir, key, len(samples), preprocess.shape)
    reused = prepared is not None and prepared.ready
    images: dict[int, ImageResult] = {}
    failure: list[BaseException] = []
    queue = ov.AsyncInferQueue(compiled)
    batch = compiled.inputs[image].get_partial_shape()[0].get_length()

    def done(request: ov.InferRequest, items: list[tuple[int, Sample, ImageTransform]]) -> None:
        try:
            outputs = [request.get_output_tensor(i).data.copy() for i in range(len(compiled.outputs))]
            if config.adapter == AdapterKind.classification:
                for result in scorer.add_classified(items, outputs[0]):
                    images[result.index] = result
                return
            for row, (index, sample, transform) in enumerate(items):
                mine = [output[row:row + 1] for output in outputs] if batch > 1 else outputs
                images[index] = scorer.add(index, sample, mine, transform, input_size)
        except BaseException as exc:  # noqa: BLE001 - raised again on the caller's thread
            failure.append(exc)

    def inputs(pool: ThreadPoolExecutor) -> Iterator[tuple[int, Sample, np.ndarray, ImageTransform]]:
        if prepared is not None and prepared.ready:
            tensors = prepared.read()
            needs_transform = config.adapter != AdapterKind.classification
            unused = preprocess.transform_for((preprocess.layout.width, preprocess.layout.height))
            for position, (index, sample) in enumerate(samples):
                size = (sample.width or preprocess.layout.width, sample.height or preprocess.layout.height)
                yield index, sample, tensors[position][None], (preprocess.transform_for(size) if needs_transform
                                                               else unused)
            return
        keep = prepared.writer() if prepared is not None else None
        for position, (index, sample, future) in enumerate(decoded(samples, folder, preprocess, pool)):
            tensor, transform = future.result()
            if keep is not None:
                keep[position] = tensor[0]
            yield index, sample, tensor, transform
        if keep is not None and prepared is not None:
            prepared.commit(keep)

    queue.set_callback(done)
    started = last_report = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        group: list[tuple[int, Sample, ImageTransform]] = []
        tensors: list[np.ndarray] = []
        for count, (index, sample, tensor, transform) in enumerate(inputs(pool), start=1):
            if cancel is not None and cancel.is_set():
                raise CancelledError("the accuracy run was cancelled", code="job.cancelled")
            if failure:
                raise failure[0]
            group.append((index, sample, transform))
            tensors.append(tensor)
            if len(group) == batch or count == len(samples):
                stacked = np.concatenate(tensors + [tensors[-1]] * (batch - len(tensors)))  # the last one padded
                queue.start_async({image: stacked, **extra}, group)
                group, tensors = [], []
            now = time.perf_counter()
            if now - last_report >= REPORT_EVERY_SECONDS:
                last_report = now
                report(0.1 + 0.85 * count / len(samples), f"{count}/{len(samples)} images", count / (now - started))
        queue.wait_all()
    if failure:
        raise failure[0]
    seconds = time.perf_counter() - started
    return AccuracyResult(task=manifest.task, metrics=scorer.metrics(), images=[images[i] for i in sorted(images)],
                          samples=len(samples), seconds=seconds, images_per_second=len(samples) / max(seconds, 1e-9),
                          manifest={"inputs": "prepared tensors reused" if reused else "images decoded",
                                    "batch": batch})
