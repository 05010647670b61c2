"""Where an image input keeps its channels: given, declared by the model, or guessed."""

from __future__ import annotations

import numpy as np
import openvino as ov
import openvino.opset13 as ops
import pytest

from dlwb_common.api.accuracy import Preprocessing
from dlwb_common.errors import InvalidInputError
from dlwb_engine.datasets import InputLayout, Preprocessor


def port(shape: list[int], layout: str | None = None) -> ov.Output:
    parameter = ops.parameter(shape, np.float32, name="image")
    if layout:
        parameter.set_layout(ov.Layout(layout))
    return ov.Model([ops.relu(parameter)], [parameter], "m").inputs[0]


def test_the_layout_is_guessed_declared_or_given() -> None:
    assert InputLayout.of(port([1, 3, 224, 200])) == InputLayout(True, 3, 224, 200)
    assert InputLayout.of(port([1, 128, 96, 3])) == InputLayout(False, 3, 128, 96)
    ambiguous = [1, 3, 8, 3]  # the guess takes the last dimension of size 3 as channels
    assert InputLayout.of(port(ambiguous)) == InputLayout(False, 3, 3, 8)
    assert InputLayout.of(port(ambiguous, "NCHW")) == InputLayout(True, 3, 8, 3)  # declared by the model
    assert InputLayout.of(port(ambiguous), "NCHW") == InputLayout(True, 3, 8, 3)  # given
    preprocess = Preprocessor.for_input(port(ambiguous), Preprocessing(layout="NCHW"))
    assert preprocess.shape == (1, 3, 8, 3) and preprocess.layout.channels_first
    with pytest.raises(InvalidInputError) as dynamic:
        InputLayout.of(port([-1, 3, 8, 8]))
    assert dynamic.value.code == "accuracy.unsupported_input"
