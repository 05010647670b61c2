"""Generated input sets: the 'random' dataset of a project, the same everywhere it is generated."""

from __future__ import annotations

import numpy as np
import openvino as ov

from dlwb_common.messages.agent import DatasetSpec


def random_inputs(model: ov.Model, spec: DatasetSpec, needed: int) -> list[dict[int, np.ndarray]]:
    """The first ``min(spec.count, needed)`` input sets of the dataset generated from ``spec.seed``
    (static input shapes required): floats in [0, 1), integers in [0, 255), booleans."""
    generator = np.random.default_rng(spec.seed)
    sets = []
    for _ in range(min(spec.count, needed)):
        tensors = {}
        for index, port in enumerate(model.inputs):
            shape = port.get_shape()
            dtype = port.get_element_type().to_dtype()
            if np.issubdtype(dtype, np.floating):
                tensors[index] = generator.random(shape, dtype=np.float32).astype(dtype)
            elif dtype == np.bool_:
                tensors[index] = generator.integers(0, 2, shape).astype(dtype)
            else:
                tensors[index] = generator.integers(0, 255, shape).astype(dtype)
        sets.append(tensors)
    return sets
