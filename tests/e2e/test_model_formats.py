"""Uploads beyond a single ONNX file: archives of an IR or of ONNX with external data, and what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.api_calls import post_model_file
from tests.conftest import RunningSystem
from tests.e2e.test_slice import job_events
from tests.model_fixtures import ir_files, onnx_with_external_data, tar_of, zip_of

pytestmark = pytest.mark.e2e


def converted(client: httpx.Client, response: httpx.Response) -> dict:
    assert response.status_code == 202, response.text
    model = response.json()
    assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
    return client.get(f"/api/v1/models/{model['id']}").json()


def test_an_ir_in_a_zip_is_imported_and_saved_in_both_precisions(system: RunningSystem, tmp_path: Path) -> None:
    xml, weights = ir_files(tmp_path / "ir")
    archive = zip_of(tmp_path / "squeezenet-ir.zip", {"ir/squeezenet.xml": xml.read_bytes(),
                                                       "ir/squeezenet.bin": weights.read_bytes()})
    with system.client() as client:
        model = converted(client, post_model_file(client, archive))
    assert model["framework"] == "openvino" and model["status"] == "ready"
    assert {v["precision"] for v in model["variants"]} == {"FP32", "FP16"}
    assert model["inputs"][0]["shape"] == [1, 3, 224, 224]


def test_onnx_with_external_data_in_a_tarball(system: RunningSystem, tmp_path: Path) -> None:
    files = onnx_with_external_data(tmp_path / "ext")
    archive = tar_of(tmp_path / "ext.tar.gz", {f"model/{f.name}": f.read_bytes() for f in files})
    with system.client() as client:
        model = converted(client, post_model_file(client, archive))
    assert model["framework"] == "onnx" and model["name"] == "ext"


def test_the_ir_downloads_as_a_zip_that_openvino_reads(system: RunningSystem, tmp_path: Path) -> None:
    import zipfile

    import openvino as ov

    from tests.e2e.test_slice import cli, upload

    with system.client() as client:
        model = converted(client, upload(client, system.tiny_onnx_path))
        response = client.get(f"/api/v1/models/{model['id']}/ir/FP16")
        assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
        (tmp_path / "ir.zip").write_bytes(response.content)
        assert client.get(f"/api/v1/models/{model['id']}/ir/INT3").status_code == 422
        assert client.get("/api/v1/models/mdl_missing/ir/FP32").json()["code"] == "model.not_found"
    with zipfile.ZipFile(tmp_path / "ir.zip") as bundle:
        names = sorted(bundle.namelist())
        bundle.extractall(tmp_path / "ir")
    fp16 = next(v for v in model["variants"] if v["precision"] == "FP16")
    assert sum((tmp_path / "ir" / name).stat().st_size for name in names) == fp16["size_bytes"]
    xml = next(tmp_path / "ir" / name for name in names if name.endswith(".xml"))
    assert ov.Core().read_model(str(xml)).inputs[0].get_partial_shape().to_shape() == [1, 3, 224, 224]
    downloaded = cli(system, "models", "download", model["id"], "--precision", "FP32", "-o", str(tmp_path / "c.zip"))
    assert downloaded.returncode == 0, downloaded.stderr
    assert zipfile.ZipFile(tmp_path / "c.zip").testzip() is None
    missing = cli(system, "models", "download", "mdl_missing", "-o", str(tmp_path / "none.zip"))
    assert missing.returncode == 3 and not (tmp_path / "none.zip").exists()
    assert not list(tmp_path.glob("*.part"))


def test_reconvert_with_shapes_preprocessing_and_an_output_cut(system: RunningSystem) -> None:
    import onnx

    from tests.e2e.test_slice import upload

    first_relu = next(node.output[0] for node in onnx.load(str(system.tiny_onnx_path)).graph.node
                      if node.op_type == "Relu")
    with system.client() as client:
        model = converted(client, upload(client, system.tiny_onnx_path))
        url = f"/api/v1/models/{model['id']}/conversions"
        unknown = client.post(url, json={"inputs": [{"name": "nope", "shape": [1, 3, 8, 8]}]})
        assert unknown.status_code == 422 and unknown.json()["code"] == "conversion.unknown_input"
        no_layout = client.post(url, json={"inputs": [{"name": "data_0", "mean": [1, 2, 3]}]})
        assert no_layout.status_code == 422 and no_layout.json()["code"] == "request.invalid"
        settings = {"inputs": [{"name": "data_0", "shape": [1, 3, "?", "100..300"], "layout": "NCHW",
                                "mean": [123.7, 116.3, 103.5], "scale": [58.4, 57.1, 57.4], "reverse_channels": True}]}
        response = client.post(url, json=settings)
        assert response.status_code == 202, response.text
        assert job_events(client, response.json()["conversion_job_id"])[-1].status == JobStatus.succeeded
        again = client.get(f"/api/v1/models/{model['id']}").json()
        assert again["inputs"][0]["shape"] == [1, 3, "?", "?"] and again["inputs"][0]["layout"] == "[N,C,H,W]"
        assert again["analysis"]["operations"].get("Subtract") and again["conversion_settings"]["inputs"]
        cut = client.post(url, json={"outputs": [first_relu]})
        assert job_events(client, cut.json()["conversion_job_id"])[-1].status == JobStatus.succeeded
        cut_model = client.get(f"/api/v1/models/{model['id']}").json()
        assert [o["name"] for o in cut_model["outputs"]] == [first_relu]
        assert cut_model["analysis"]["operations"]["Convolution"] == 1
        log = client.get(f"/api/v1/models/{model['id']}/conversion-log")
        assert log.status_code == 200 and log.text.count("conversion convert_") == 3 and "100..300" in log.text


def test_cli_reconverts_with_ovc_style_settings(system: RunningSystem) -> None:
    from tests.e2e.test_slice import cli

    imported = json.loads(cli(system, "models", "import", str(system.tiny_onnx_path), "--json").stdout)
    result = cli(system, "models", "convert", imported["id"], "--input", "data_0[1,3,?,?]", "--layout", "data_0:NCHW",
                 "--reverse-channels", "data_0", "--json")
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    assert model["inputs"][0]["shape"] == [1, 3, "?", "?"] and model["conversion_settings"]["inputs"][0][
        "reverse_channels"] is True
