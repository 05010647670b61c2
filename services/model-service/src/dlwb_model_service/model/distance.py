"""Per-output tensor distance between two models on the same inputs (e.g. an INT8 child and its FP32
parent), on this machine's CPU: no annotations needed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openvino as ov

from dlwb_common.api.accuracy import AccuracyConfig, OutputDistance
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.agent import DatasetSpec
from dlwb_common.messages.datasets import Manifest
from dlwb_engine.datasets import Preprocessor
from dlwb_engine.inputs import random_inputs
from dlwb_engine.model_shapes import image_input_index, side_inputs, static_image_model


def inputs_for(model: ov.Model, compiled: ov.CompiledModel, count: int, spec: DatasetSpec,
               images: tuple[Path, Manifest] | None, config: AccuracyConfig) -> list[dict[int, np.ndarray]]:
    if images is None:
        return random_inputs(model, spec, count)
    folder, manifest = images
    index = image_input_index(compiled)
    preprocess = Preprocessor.for_input(compiled.inputs[index], config.preprocessing)
    extra = side_inputs(compiled, index, preprocess.layout)
    return [{index: preprocess(folder / sample.image)[0], **extra} for sample in manifest.samples[:count]]


def compare(a: Path, b: Path, count: int, spec: DatasetSpec, images: tuple[Path, Manifest] | None,
            config: AccuracyConfig) -> list[OutputDistance]:
    core = ov.Core()
    models = [core.read_model(str(path)) for path in (a, b)]
    if images is not None:
        models = [static_image_model(m, images[1]) for m in models]
    if [tuple(p.get_partial_shape()) for p in models[0].inputs] != [tuple(p.get_partial_shape())
                                                                     for p in models[1].inputs]:
        raise InvalidInputError("the two models do not take the same inputs", code="distance.not_comparable")
    if len(models[0].outputs) != len(models[1].outputs):
        raise InvalidInputError("the two models do not have the same outputs", code="distance.not_comparable")
    compiled = [core.compile_model(m, "CPU", {"INFERENCE_PRECISION_HINT": "f32"}) for m in models]
    feeds = inputs_for(models[0], compiled[0], count, spec, images, config)
    sums: list[dict[str, float]] = [{"abs": 0.0, "max": 0.0, "cos": 0.0, "l2": 0.0} for _ in compiled[0].outputs]
    for feed in feeds:
        results = [c(feed) for c in compiled]
        for i, (port_a, port_b) in enumerate(zip(compiled[0].outputs, compiled[1].outputs, strict=True)):
            x = results[0][port_a].astype(np.float64).ravel()
            y = results[1][port_b].astype(np.float64).ravel()
            if x.shape != y.shape:
                raise InvalidInputError(f"output {i} has shapes {x.shape} and {y.shape}",
                                        code="distance.not_comparable")
            diff = np.abs(x - y)
            norms = np.linalg.norm(x) * np.linalg.norm(y)
            sums[i]["abs"] += float(diff.mean())
            sums[i]["max"] = max(sums[i]["max"], float(diff.max()) if diff.size else 0.0)
            sums[i]["cos"] += float(x @ y / norms) if norms > 0 else 1.0
            sums[i]["l2"] += float(np.linalg.norm(x - y) / max(np.linalg.norm(x), 1e-12))
    n = max(len(feeds), 1)
    return [OutputDistance(name=port.get_any_name() if port.get_names() else f"output {i}",
                           shape=[d.get_length() if d.is_static else -1 for d in port.get_partial_shape()],
                           mean_abs=s["abs"] / n, max_abs=s["max"], cosine=s["cos"] / n, relative_l2=s["l2"] / n)
            for i, (port, s) in enumerate(zip(compiled[0].outputs, sums, strict=True))]
