"""A model's weight precision, read from its IR: what its compute layers' weights are stored as.

The IR's folder (FP32 / FP16) says how the conversion saved the floating-point constants, not what the
weights are: an INT8 child from NNCF sits in the FP32 folder with FakeQuantize (or integer constants
and a dequantizing Convert / Subtract / Multiply) in front of every convolution and matrix product.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import openvino as ov

COMPUTE = {"Convolution", "GroupConvolution", "ConvolutionBackpropData", "GroupConvolutionBackpropData", "MatMul"}
# operations between a weight constant and its compute layer that do not change what the weights are
# stored as (decompression: Convert, zero point, scale; layout: Reshape, Transpose...)
THROUGH = {"Convert", "Subtract", "Multiply", "Reshape", "Transpose", "Unsqueeze", "Squeeze"}
QUANTIZERS = {"FakeQuantize", "FakeConvert"}
BY_ELEMENT = {"f32": "FP32", "f16": "FP16", "bf16": "BF16", "i8": "INT8", "u8": "INT8", "i4": "INT4",
              "u4": "INT4", "nf4": "INT4"}
DEPTH = 8


def stored_as(port: ov.Output) -> str | None:
    """The precision of the weights reaching ``port``, or None when it is an activation."""
    node = port.get_node()
    for _ in range(DEPTH):
        kind = node.get_type_name()
        if kind in QUANTIZERS:
            levels = node.get_attributes().get("levels", 256)
            return "INT4" if kind == "FakeQuantize" and levels <= 16 else "INT8"
        if kind == "Constant":
            return BY_ELEMENT.get(node.get_output_element_type(0).get_type_name())
        if kind not in THROUGH:
            return None
        node = node.input_value(0).get_node()
    return None


def weight_census(model: ov.Model) -> dict[str, int]:
    """Compute layers with weights, counted by the precision their weights are stored as."""
    counts: Counter[str] = Counter()
    for op in model.get_ordered_ops():
        if op.get_type_name() in COMPUTE and op.get_input_size() > 1:
            precision = stored_as(op.input_value(1))
            if precision:
                counts[precision] += 1
    return dict(counts.most_common())


def weight_precision(model: ov.Model) -> str:
    """FP32, FP16, BF16, INT8, INT4, or mixed when the compute layers' weights differ. A model without
    compute layers is named after its largest floating-point constants."""
    census = weight_census(model)
    if len(census) == 1:
        return next(iter(census))
    if census:
        return "mixed"
    sizes: Counter[str] = Counter()
    for op in model.get_ordered_ops():
        if op.get_type_name() == "Constant" and op.get_output_element_type(0).is_real():
            sizes[op.get_output_element_type(0).get_type_name()] += int(np.prod(op.get_output_shape(0)))
    return BY_ELEMENT.get(sizes.most_common(1)[0][0], "FP32") if sizes else "FP32"
