"""Single-image test: one picture through a model on this machine's CPU, read as the model's task
(the same pre-processing and adapters as accuracy runs)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import openvino as ov
from PIL import Image, UnidentifiedImageError

from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.datasets import DatasetFormat, Manifest, Sample
from dlwb_engine.accuracy import TOP_K, detections_of, image_input_index, side_inputs, static_image_model
from dlwb_engine.datasets import InputLayout, Preprocessor
from dlwb_metrics.classification import top_k_indices

MAX_IMAGE_BYTES = 32 * 1024 * 1024
SINGLE_IMAGE_ADAPTERS = {AdapterKind.classification, AdapterKind.ssd, AdapterKind.yolo_v3, AdapterKind.yolo_v5,
                         AdapterKind.yolo_v8, AdapterKind.blazeface, AdapterKind.boxes}


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
        preprocess = Preprocessor(InputLayout.of(compiled.inputs[image_index]), config.preprocessing)
        tensor, transform = preprocess(Path(handle.name))
    outputs = compiled({image_index: tensor, **side_inputs(compiled, image_index, preprocess.layout)})
    values = [outputs[port] for port in compiled.outputs]
    width, height = transform.original_size
    if config.adapter == AdapterKind.classification:
        scores = values[0].reshape(-1)
        top = [int(i) for i in top_k_indices(scores[None], TOP_K)[0]]
        labels = [i - config.background_offset for i in top]
        return {"task": "classification", "width": width, "height": height, "labels": labels,
                "names": [classes[i] if 0 <= i < len(classes) else str(i) for i in labels],
                "scores": [float(scores[i]) for i in top], "boxes": []}
    found = detections_of(config, values, transform, (preprocess.layout.width, preprocess.layout.height))
    order = np.argsort(-found.scores)
    return {"task": "object_detection", "width": width, "height": height,
            "labels": [int(found.labels[i]) for i in order],
            "names": [classes[int(found.labels[i])] if 0 <= found.labels[i] < len(classes) else str(found.labels[i])
                      for i in order],
            "scores": [float(found.scores[i]) for i in order],
            "boxes": [[float(v) for v in found.boxes[i]] for i in order]}

