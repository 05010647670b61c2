"""INT8 calibration with NNCF: default quantization and weight compression on an OpenVINO model,
and what came out (which compute layers are quantized, which stayed in floating point).

NNCF is imported lazily: it is the ``nncf`` extra of this library.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import openvino as ov

from dlwb_common.api.calibration import (
    CalibrationMethod,
    CalibrationStats,
    QuantizationPreset,
    QuantizeSettings,
)
from dlwb_common.errors import InvalidInputError
from dlwb_engine.device_facts import cpu_isa, inference_precision

COMPUTE_TYPES = {"Convolution", "GroupConvolution", "MatMul", "ConvolutionBackpropData"}
LOW_BIT_TYPES = {"u8", "i8", "u4", "i4", "nf4"}


class CalibrationError(InvalidInputError):
    code = "calibration.failed"


def check_floating_point(model: ov.Model) -> None:
    """The parent must be a floating-point model: no FakeQuantize, no low-bit weights yet."""
    for op in model.get_ordered_ops():
        if op.get_type_name() == "FakeQuantize":
            raise CalibrationError("the model is already quantized (it has FakeQuantize operations); calibrate "
                                   "its floating-point parent", code="calibration.not_float")
        if op.get_type_name() == "Constant" and op.get_output_element_type(0).get_type_name() in LOW_BIT_TYPES \
                and any(t.get_node().get_type_name() == "Convert" for t in op.output(0).get_target_inputs()):
            raise CalibrationError("the model's weights are already compressed to 8 or 4 bits; calibrate its "
                                   "floating-point parent", code="calibration.not_float")


def check_static(model: ov.Model) -> None:
    dynamic = [port.get_any_name() for port in model.inputs if port.get_partial_shape().is_dynamic]
    if dynamic:
        raise CalibrationError(f"inputs {', '.join(dynamic)} have dynamic shapes: derive a child model with a "
                               "static shape first (models derive --input name[1,3,224,224])",
                               code="calibration.dynamic_shape")


def subset_of(settings: QuantizeSettings, available: int) -> int:
    """How many samples the statistics use: a count, a share of the dataset, or NNCF's default (300)."""
    if settings.subset_percent is not None:
        wanted = max(1, math.ceil(available * settings.subset_percent / 100))
    else:
        wanted = settings.subset_size or min(300, available)
    if wanted > available:
        raise CalibrationError(f"the subset asks for {wanted} samples but the dataset has {available}",
                               code="calibration.too_few_samples")
    return wanted


@dataclass
class Validation:
    """Annotated images for accuracy: (input tensor, label) pairs, scored by top-1."""

    items: list[tuple[np.ndarray, int]]
    background_offset: int = 0

    def top1(self, compiled: ov.CompiledModel) -> float:
        output = compiled.outputs[0]
        hits = sum(int(np.argmax(compiled([tensor])[output].reshape(-1))) - self.background_offset == label
                   for tensor, label in self.items)
        return hits / len(self.items)


def run(model: ov.Model, samples: list[dict[int, np.ndarray]], settings: QuantizeSettings,
        report: Callable[[float, str], None], validation: Validation | None = None
        ) -> tuple[ov.Model, CalibrationStats]:
    """Quantize (or compress the weights of) ``model``; ``samples`` are its input sets, by input index.
    With ``validation``, top-1 is measured before and after on the same images."""
    import nncf

    check_floating_point(model)
    started = time.perf_counter()
    core = ov.Core()
    before, facts = None, (None, None)
    if validation:  # what the check computes in, on which CPU: bf16 on AMX unless told otherwise
        parent = core.compile_model(model, "CPU")
        before, facts = validation.top1(parent), (inference_precision(parent), cpu_isa())
        del parent
    if settings.method == CalibrationMethod.accuracy_aware and validation is None:
        raise CalibrationError("accuracy-aware quantization needs an annotated classification dataset and an "
                               "accuracy configuration; this project's dataset has no annotations",
                               code="calibration.needs_annotations")
    if settings.method == CalibrationMethod.weight_compression:
        report(0.2, f"compressing weights ({settings.weight_mode.value})")
        kwargs: dict[str, object] = {"mode": getattr(nncf.CompressWeightsMode, settings.weight_mode.value)}
        if settings.weight_mode.value.startswith("INT4"):
            kwargs |= {"ratio": settings.ratio, "group_size": settings.group_size}
        result = nncf.compress_weights(model, **kwargs)
        used = 0
    else:
        check_static(model)
        used = subset_of(settings, len(samples))
        dataset = nncf.Dataset(samples[:used], lambda item: [item[i] for i in sorted(item)])
        scope = settings.ignored_scope
        common = {
            "subset_size": used, "fast_bias_correction": settings.fast_bias_correction,
            "preset": (nncf.QuantizationPreset.MIXED if settings.preset == QuantizationPreset.mixed
                    else nncf.QuantizationPreset.PERFORMANCE),
            "model_type": nncf.ModelType.TRANSFORMER if settings.model_type == "transformer" else None,
            "ignored_scope": nncf.IgnoredScope(names=scope.names, types=scope.types, patterns=scope.patterns,
                                            validate=False)}
        if settings.method == CalibrationMethod.accuracy_aware:
            assert validation is not None
            report(0.15, f"quantizing on {used} samples, then reverting layers until top-1 drops at most "
                         f"{settings.max_drop:g} ({settings.drop_type})")
            result = nncf.quantize_with_accuracy_control(
                model, dataset, nncf.Dataset(validation.items),
                validation_fn=lambda compiled, _data: Validation(validation.items, validation.background_offset
                                                                 ).top1(compiled),
                max_drop=settings.max_drop,
                drop_type=nncf.DropType.RELATIVE if settings.drop_type == "relative" else nncf.DropType.ABSOLUTE,
                **common)
        else:
            report(0.15, f"collecting statistics on {used} samples and quantizing")
            result = nncf.quantize(model, dataset, **common)
    stats = describe(result, settings.method)
    stats.samples, stats.seconds = used, time.perf_counter() - started
    if validation is not None:
        report(0.85, f"measuring top-1 before and after on {len(validation.items)} images")
        stats.accuracy_metric, stats.validation_images = "top1_accuracy", len(validation.items)
        stats.accuracy_before, stats.accuracy_after = before, validation.top1(core.compile_model(result, "CPU"))
        stats.inference_precision, stats.cpu_isa = facts
    if settings.method == CalibrationMethod.accuracy_aware:
        kept = set(settings.ignored_scope.names)
        stats.reverted_layers = [name for name in stats.float_layers if name not in kept]
    return result, stats


# operations that keep an INT8 tensor INT8 (the runtime moves the quantization through them)
TRANSPARENT = {"Reshape", "Transpose", "Convert", "MaxPool", "Squeeze", "Unsqueeze", "StridedSlice", "Pad",
               "Split", "VariadicSplit", "DepthToSpace", "SpaceToDepth", "Concat", "Interpolate", "Gather"}


def quantized_tensor(node: ov.Node, depth: int = 0) -> bool:
    """Whether ``node``'s output is quantized: a FakeQuantize, or only transparent operations after
    FakeQuantizes (all inputs of a Concat must be)."""
    kind = node.get_type_name()
    if kind == "FakeQuantize":
        return True
    if kind not in TRANSPARENT or depth > 32:
        return False
    inputs = [value.get_node() for value in node.input_values()]
    if kind == "Concat":
        return all(quantized_tensor(source, depth + 1) for source in inputs)
    return bool(inputs) and quantized_tensor(inputs[0], depth + 1)


def low_bit_weights(node: ov.Node, depth: int = 0) -> bool:
    """Whether a weight path starts at an 8- or 4-bit constant (decompressed by Convert/Subtract/Multiply)."""
    kind = node.get_type_name()
    if kind == "Constant":
        return node.get_output_element_type(0).get_type_name() in LOW_BIT_TYPES
    if kind not in ("Convert", "Subtract", "Multiply", "Reshape", "Transpose") or depth > 8:
        return False
    return any(low_bit_weights(value.get_node(), depth + 1) for value in node.input_values())


def describe(model: ov.Model, method: CalibrationMethod = CalibrationMethod.default) -> CalibrationStats:
    """Counts of the child's graph. A compute layer counts as quantized when its activations arrive
    quantized, or, for weight compression, when its weights are stored in 8 or 4 bits."""
    stats = CalibrationStats()
    for op in model.get_ordered_ops():
        kind = op.get_type_name()
        if kind == "FakeQuantize":
            stats.fake_quantize += 1
        elif kind == "Constant" and op.get_output_element_type(0).get_type_name() in LOW_BIT_TYPES:
            stats.compressed_weights += 1
        elif kind in COMPUTE_TYPES:
            stats.compute_layers += 1
            if method == CalibrationMethod.weight_compression:
                quantized = op.get_input_size() > 1 and low_bit_weights(op.input_value(1).get_node())
            else:
                quantized = quantized_tensor(op.input_value(0).get_node())
            if quantized:
                stats.quantized_layers += 1
            else:
                stats.float_layers.append(op.get_friendly_name())
    return stats
