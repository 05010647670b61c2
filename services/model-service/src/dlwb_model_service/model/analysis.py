"""What is inside a model: operations, parameters, compute, weights, precisions, opsets, likely task."""

from __future__ import annotations

from collections import Counter

import numpy as np
import openvino as ov


def macs(op: ov.Node) -> int:
    """Multiply-accumulates of one operation for its static shapes (0 when unknown or not counted)."""
    kind = op.get_type_name()
    try:
        out = int(np.prod(op.get_output_shape(0)))
        if kind == "Convolution":  # weights [Cout, Cin, k...]
            return out * int(np.prod(list(op.get_input_shape(1))[1:]))
        if kind == "GroupConvolution":  # weights [G, Cout/G, Cin/G, k...]
            return out * int(np.prod(list(op.get_input_shape(1))[2:]))
        if kind == "MatMul":
            a = list(op.get_input_shape(0))
            transpose_a = op.get_attributes().get("transpose_a", False)
            k = a[-2] if transpose_a and len(a) > 1 else a[-1]
            return out * int(k)
    except RuntimeError:  # dynamic shapes: no static count
        return 0
    return 0


def guess_task(model: ov.Model) -> str | None:
    """Only the unambiguous case: one image input and one [N, classes] (or [N, classes, 1, 1]) output."""
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        return None
    shape_in = model.inputs[0].get_partial_shape()
    shape_out = model.outputs[0].get_partial_shape()
    if shape_in.rank.is_dynamic or shape_out.rank.is_dynamic or len(shape_in) != 4:
        return None
    dims = [d.get_length() if d.is_static else -1 for d in shape_out]
    if len(dims) == 2 and dims[1] > 1 or len(dims) == 4 and dims[1] > 1 and dims[2:] == [1, 1]:
        return "classification"
    return None


def analyse(model: ov.Model, weights_bytes: int) -> dict[str, object]:
    ops = model.get_ordered_ops()
    constants = [op for op in ops if op.get_type_name() == "Constant"]
    weight_types: Counter[str] = Counter()
    parameters = 0
    for constant in constants:
        element = constant.get_output_element_type(0)
        count = int(np.prod(constant.get_output_shape(0)))
        weight_types[element.get_type_name()] += count * element.size
        if element.is_real():
            parameters += count
    total_macs = sum(macs(op) for op in ops)
    return {
        "operations": dict(Counter(op.get_type_name() for op in ops if op.get_type_name() != "Constant")
                           .most_common()),
        "parameters": parameters,
        "macs": total_macs,
        "gflops": 2 * total_macs / 1e9,
        "weights_bytes": weights_bytes,
        "weights_by_precision": dict(weight_types.most_common()),
        "opsets": sorted({op.get_type_info().version_id for op in ops}),
        "task_guess": guess_task(model),
    }
