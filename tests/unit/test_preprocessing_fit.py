"""A pre-processing checked against the model's recorded inputs before a job starts: the channel count is
read exactly as the engine reads it, and what cannot feed the model is refused with a stable code."""

from __future__ import annotations

import numpy as np
import openvino as ov
import openvino.opset13 as ops
import pydantic
import pytest

from dlwb_common.api.accuracy import Preprocessing
from dlwb_common.api.models import TensorInfo
from dlwb_common.errors import InvalidInputError
from dlwb_common.preprocessing_fit import channel_axis, check_fits
from dlwb_engine.datasets import InputLayout


def port(shape: list[int], layout: str | None = None) -> ov.Output:
    parameter = ops.parameter(shape, np.float32, name="image")
    if layout:
        parameter.set_layout(ov.Layout(layout))
    return ov.Model([ops.relu(parameter)], [parameter], "m").inputs[0]


def recorded(shape: list[int], layout: str | None = None) -> TensorInfo:
    """The input as the model-service records it after conversion (layout as OpenVINO prints it)."""
    return TensorInfo(name="image", shape=shape, element_type="f32",
                      layout=ov.Layout(layout).to_string() if layout else None)


@pytest.mark.parametrize(("shape", "declared", "given"), [
    ([1, 3, 224, 200], None, None), ([1, 128, 96, 3], None, None), ([1, 3, 8, 3], None, None),
    ([1, 3, 8, 3], "NCHW", None), ([1, 3, 8, 3], None, "NCHW"), ([1, 1, 28, 28], None, None),
    ([1, 28, 28, 1], None, None), ([1, 5, 7, 9], None, None), ([1, 224, 224, 3], "NHWC", None)])
def test_the_channels_are_the_engines(shape: list[int], declared: str | None, given: str | None) -> None:
    engine = InputLayout.of(port(shape, declared), given)
    assert shape[channel_axis(recorded(shape, declared), given)] == engine.channels


@pytest.mark.parametrize(("preprocessing", "shape", "says"), [
    (Preprocessing(mean=[123.7, 116.3, 103.5]), [1, 1, 28, 28], "3 mean values for the 1-channel input image"),
    (Preprocessing(scale=[58.4, 57.1]), [1, 3, 224, 224], "2 scale values for the 3-channel"),
    (Preprocessing(color="RGB"), [1, 1, 28, 28], "colour order RGB makes 3 channels"),
    (Preprocessing(layout="NHWC"), [1, 3, 224, 224], "layout NHWC makes 224 channels")])
def test_what_cannot_feed_the_model_is_refused(preprocessing: Preprocessing, shape: list[int], says: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_fits(preprocessing, [recorded(shape)])
    assert refused.value.code == "preprocessing.mismatch" and refused.value.status == 422
    assert says in refused.value.message


@pytest.mark.parametrize(("preprocessing", "inputs"), [
    (Preprocessing(scale=[255]), [recorded([1, 1, 28, 28])]),
    (Preprocessing(mean=[1, 2, 3], scale=[4, 5, 6], color="BGR"), [recorded([1, 3, 224, 224])]),
    (Preprocessing(color="GRAY"), [recorded([1, 3, 32, 32])]),  # one grey channel repeated
    (Preprocessing(mean=[1, 2, 3]), [recorded([1, 10])]),  # not an image model: the run says what it cannot feed
    (Preprocessing(mean=[1, 2, 3]), [TensorInfo(name="x", shape=[1, "?", 28, 28], element_type="f32")])])
def test_what_fits_passes(preprocessing: Preprocessing, inputs: list[TensorInfo]) -> None:
    check_fits(preprocessing, inputs)


@pytest.mark.parametrize("body", [{"scale": [0]}, {"scale": [-1]}, {"scale": [float("inf")]},
                                  {"mean": [float("nan")]}, {"scale": [1, 2, 3, 4, 5]}])
def test_scales_and_means_are_finite_and_scales_positive(body: dict) -> None:
    with pytest.raises(pydantic.ValidationError):
        Preprocessing.model_validate(body)
