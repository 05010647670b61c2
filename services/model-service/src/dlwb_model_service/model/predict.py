"""Single-image test: one picture through a model on this machine's CPU, read as the model's task
(the same pre-processing and adapters as accuracy runs)."""

from __future__ import annotations

import base64
import io
import tempfile
from pathlib import Path

import numpy as np
import openvino as ov
from PIL import Image, UnidentifiedImageError

from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.datasets import DatasetFormat, Manifest, Sample
from dlwb_engine.datasets import Preprocessor
from dlwb_engine.detections import detections_of
from dlwb_engine.model_shapes import image_input_index, side_inputs, static_image_model
from dlwb_engine.scoring import TOP_K, paste
from dlwb_metrics.classification import top_k_indices

MAX_IMAGE_BYTES = 32 * 1024 * 1024
SINGLE_IMAGE_ADAPTERS = {AdapterKind.classification, AdapterKind.ssd, AdapterKind.yolo_v3, AdapterKind.yolo_v5,
                         AdapterKind.yolo_v8, AdapterKind.blazeface, AdapterKind.yolox, AdapterKind.boxes,
                         AdapterKind.segmentation, AdapterKind.image, AdapterKind.landmarks,
                         AdapterKind.instance_masks, AdapterKind.embedding}
# a colour per class for segmentation maps (class 0, usually background, transparent)
PALETTE = np.array([[0, 0, 0, 0]] + [[(37 * i) % 256, (97 * i) % 256, (173 * i) % 256, 150] for i in range(1, 256)],
                   np.uint8)


def png_base64(pixels: np.ndarray, mode: str) -> str:
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def segmentation_result(values: list[np.ndarray], width: int, height: int, classes: list[str]) -> dict[str, object]:
    """The class map resized to the image, as a coloured transparent PNG, and the classes it shows."""
    scores = values[0][0]
    mask = scores.astype(np.int64) if scores.ndim == 2 else np.argmax(scores, axis=0)
    mask = np.asarray(Image.fromarray(mask.astype(np.uint8)).resize((width, height), Image.NEAREST))
    present, counts = np.unique(mask, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    return {"task": "semantic_segmentation", "width": width, "height": height,
            "labels": [int(present[i]) for i in order],
            "names": [classes[int(present[i])] if present[i] < len(classes) else str(present[i]) for i in order],
            "scores": [float(counts[i] / mask.size) for i in order], "boxes": [],
            "overlay_png": png_base64(PALETTE[mask], "RGBA")}


def instance_result(values: list[np.ndarray], config: AccuracyConfig, transform, classes: list[str]
                    ) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Boxes with their masks pasted into the image, as one coloured transparent PNG (a colour per object)."""
    rows = values[0].reshape(-1, 5).astype(np.float64)
    labels = values[1].reshape(-1).astype(np.int64) - config.background_offset
    keep = rows[:, 4] >= config.confidence_threshold
    width, height = transform.original_size
    boxes = transform.to_original(rows[keep, :4])
    canvas = np.zeros((height, width), np.uint8)
    for number, (probabilities, box) in enumerate(zip(values[2].reshape(len(rows), *values[2].shape[-2:])[keep],
                                                      boxes, strict=True), start=1):
        canvas[paste(probabilities, box, width, height)] = number
    return {"task": "instance_segmentation", "width": width, "height": height,
            "labels": [int(x) for x in labels[keep]],
            "names": [classes[x] if 0 <= x < len(classes) else str(x) for x in labels[keep]],
            "scores": [float(x) for x in rows[keep, 4]], "boxes": [[float(v) for v in b] for b in boxes],
            "overlay_png": png_base64(PALETTE[canvas], "RGBA")}


def image_result(values: list[np.ndarray], config: AccuracyConfig) -> dict[str, object]:
    out = values[0][0]
    if out.ndim == 3 and out.shape[0] in (1, 3) and out.shape[-1] not in (1, 3):
        out = out.transpose(1, 2, 0)
    pixels = np.clip(out.astype(np.float64) * 255.0 / config.output_scale, 0, 255).astype(np.uint8)
    if pixels.shape[-1] == 1:
        pixels = pixels[:, :, 0]
    height, width = pixels.shape[:2]
    return {"task": "image", "width": width, "height": height, "labels": [], "names": [], "scores": [],
            "boxes": [], "overlay_png": png_base64(pixels, "L" if pixels.ndim == 2 else "RGB")}


def predict(xml: Path, image: bytes, config: AccuracyConfig, classes: list[str]) -> dict[str, object]:
    """The prediction for one image: top-5 classes with scores, or boxes with labels and scores."""
    if config.adapter not in SINGLE_IMAGE_ADAPTERS:
        raise InvalidInputError(f"the single-image test draws classes and boxes; the {config.adapter.value} adapter "
                                "is scored by accuracy runs", code="predict.unsupported_adapter")
    if len(image) > MAX_IMAGE_BYTES:
        raise InvalidInputError("the image is larger than 32 MB", code="predict.too_large")
    with tempfile.NamedTemporaryFile(suffix=".img") as handle:
        handle.write(image)
        handle.flush()
        try:
            with Image.open(handle.name) as probe:
                probe.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise InvalidInputError(f"the upload is not an image: {exc}", code="predict.not_an_image") from exc
        with Image.open(handle.name) as opened:
            size = opened.size
        core = ov.Core()
        one = Manifest(format=DatasetFormat.images, samples=[Sample(image="", width=size[0], height=size[1])])
        compiled = core.compile_model(static_image_model(core.read_model(str(xml)), one), "CPU")
        image_index = image_input_index(compiled)
        preprocess = Preprocessor.for_input(compiled.inputs[image_index], config.preprocessing)
        tensor, transform = preprocess(Path(handle.name))
    outputs = compiled({image_index: tensor, **side_inputs(compiled, image_index, preprocess.layout)})
    values = [outputs[port] for port in compiled.outputs]
    width, height = transform.original_size
    input_size = (preprocess.layout.width, preprocess.layout.height)
    if config.adapter == AdapterKind.segmentation:
        return segmentation_result(values, width, height, classes)
    if config.adapter == AdapterKind.image:
        return image_result(values, config)
    if config.adapter == AdapterKind.landmarks:
        points = values[0].reshape(-1, 2).astype(np.float64)
        if config.landmarks_normalized:
            points = points * np.array(input_size, np.float64)
        original = transform.to_original(np.hstack([points, points]), clip=False)[:, :2]
        return {"task": "facial_landmarks", "width": width, "height": height, "labels": [], "names": [],
                "scores": [], "boxes": [], "points": [[float(x), float(y)] for x, y in original]}
    if config.adapter == AdapterKind.embedding:
        descriptor = values[0].reshape(-1).astype(np.float64)
        return {"task": "face_recognition", "width": width, "height": height, "labels": [], "names": [],
                "scores": [float(v) for v in descriptor / max(np.linalg.norm(descriptor), 1e-12)], "boxes": []}
    if config.adapter == AdapterKind.instance_masks:
        return instance_result(values, config, transform, classes)
    if config.adapter == AdapterKind.classification:
        scores = values[0].reshape(-1)
        top = [int(i) for i in top_k_indices(scores[None], TOP_K)[0]]
        labels = [i - config.background_offset for i in top]
        return {"task": "classification", "width": width, "height": height, "labels": labels,
                "names": [classes[i] if 0 <= i < len(classes) else str(i) for i in labels],
                "scores": [float(scores[i]) for i in top], "boxes": []}
    found = detections_of(config, values, transform, input_size)
    order = np.argsort(-found.scores, kind="stable")
    return {"task": "object_detection", "width": width, "height": height,
            "labels": [int(found.labels[i]) for i in order],
            "names": [classes[int(found.labels[i])] if 0 <= found.labels[i] < len(classes) else str(found.labels[i])
                      for i in order],
            "scores": [float(found.scores[i]) for i in order],
            "boxes": [[float(v) for v in found.boxes[i]] for i in order]}

