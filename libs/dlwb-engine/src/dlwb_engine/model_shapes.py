"""A model made fit for scoring images: its image input found, dynamic dimensions fixed, batched where
safe, side inputs (image info) filled."""

from __future__ import annotations

import numpy as np
import openvino as ov

from dlwb_common.api.accuracy import AccuracyConfig, AdapterKind
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.datasets import Manifest
from dlwb_engine.datasets import InputLayout


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
