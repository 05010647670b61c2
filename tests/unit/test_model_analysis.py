"""Model analysis on a small ONNX model built here, checked against counts derived from its definition."""

from pathlib import Path

import numpy as np
import onnx
import openvino as ov
from onnx import TensorProto, helper, numpy_helper

from dlwb_model_service.model.analysis import analyse

C_OUT, C_IN, K, H, W, HIDDEN = 8, 3, 3, 16, 16, 10


def build(path: Path) -> None:
    rng = np.random.default_rng(0)
    weight = numpy_helper.from_array(rng.random((C_OUT, C_IN, K, K), dtype=np.float32), "w")
    bias = numpy_helper.from_array(rng.random(C_OUT, dtype=np.float32), "b")
    dense = numpy_helper.from_array(rng.random((C_OUT * (H - K + 1) * (W - K + 1), HIDDEN), dtype=np.float32), "d")
    shape = numpy_helper.from_array(np.array([1, -1], dtype=np.int64), "shape")
    nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"]), helper.make_node("Relu", ["c"], ["r"]),
             helper.make_node("Reshape", ["r", "shape"], ["f"]), helper.make_node("MatMul", ["f", "d"], ["y"])]
    graph = helper.make_graph(nodes, "small", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, C_IN, H, W])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, HIDDEN])],
                              [weight, bias, dense, shape])
    onnx.save_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), str(path))


def test_counts_follow_from_the_definition(tmp_path: Path) -> None:
    build(tmp_path / "small.onnx")
    model = ov.convert_model(str(tmp_path / "small.onnx"))
    report = analyse(model, weights_bytes=123)
    out_h, out_w = H - K + 1, W - K + 1
    conv_macs = C_OUT * out_h * out_w * C_IN * K * K
    dense_macs = HIDDEN * C_OUT * out_h * out_w
    assert report["macs"] == conv_macs + dense_macs
    assert report["gflops"] == 2 * (conv_macs + dense_macs) / 1e9
    assert report["parameters"] == C_OUT * C_IN * K * K + C_OUT + C_OUT * out_h * out_w * HIDDEN
    assert report["operations"]["Convolution"] == 1 and report["operations"]["MatMul"] == 1
    assert report["weights_by_precision"]["f32"] == 4 * report["parameters"]
    assert report["weights_bytes"] == 123 and report["opsets"]
    assert report["task_guess"] == "classification"  # one image input, one [1, classes] output


def test_no_task_is_guessed_when_the_model_does_not_make_it_clear(tmp_path: Path) -> None:
    build(tmp_path / "small.onnx")
    model = ov.convert_model(str(tmp_path / "small.onnx"))
    model.reshape({"x": [1, C_IN, H, W]})
    assert analyse(model, 0)["task_guess"] == "classification"
    two_outputs = ov.Model(model.outputs + [model.get_ordered_ops()[1].output(0)], model.get_parameters())
    assert analyse(two_outputs, 0)["task_guess"] is None
