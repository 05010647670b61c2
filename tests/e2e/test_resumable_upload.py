"""Resumable chunked uploads through the whole system: a real broken connection, settings at import.
(The upload protocol's refusals are tested in-process: tests/services/test_model_uploads.py.)"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.api_calls import import_uploads, send_upload, start_upload, upload_whole
from tests.conftest import RunningSystem
from tests.e2e.test_slice import job_events
from tests.model_fixtures import ir_files

pytestmark = pytest.mark.e2e


class BrokenConnection(Exception):
    pass


def test_an_upload_resumes_after_a_broken_connection(system: RunningSystem) -> None:
    model_bytes = system.tiny_onnx_path.read_bytes()
    with system.client() as client:
        upload = start_upload(client, "squeezenet.onnx", len(model_bytes))
        assert upload["offset"] == 0 and not upload["complete"]

        first = send_upload(client, upload["id"], 0, model_bytes[:5000]).json()
        assert first["offset"] == 5000 and not first["complete"]

        def dies_midway() -> Iterator[bytes]:
            yield model_bytes[5000:7000]
            yield model_bytes[7000:9000]
            raise BrokenConnection()

        with pytest.raises(BrokenConnection):
            send_upload(client, upload["id"], 5000, dies_midway())
        # what arrived before the break is kept (all, some or none of it, as the network had it)
        offset = client.get(f"/api/v1/uploads/{upload['id']}").json()["offset"]
        assert 5000 <= offset <= 9000
        stale = send_upload(client, upload["id"], 0, model_bytes)
        assert stale.status_code == 409 and stale.json()["code"] == "upload.offset_mismatch"
        done = send_upload(client, upload["id"], offset, model_bytes[offset:]).json()
        assert done["offset"] == len(model_bytes) and done["complete"] is True
        over = send_upload(client, upload["id"], len(model_bytes), b"extra")
        assert over.status_code == 422 and over.json()["code"] == "upload.overflow"
        response = import_uploads(client, [{"upload_id": upload["id"],
                                            "sha256": hashlib.sha256(model_bytes).hexdigest()}])
        assert response.status_code == 202, response.text
        model = response.json()
        assert model["source_sha256"] == hashlib.sha256(model_bytes).hexdigest()
        assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
        assert client.get(f"/api/v1/uploads/{upload['id']}").json()["code"] == "upload.not_found"


def test_a_multi_file_ir_with_settings_and_one_precision_then_a_reshaped_child(system: RunningSystem,
                                                                                tmp_path: Path) -> None:
    xml, weights = ir_files(tmp_path / "ir")
    with system.client() as client:
        refs = [upload_whole(client, xml), upload_whole(client, weights)]
        settings = {"inputs": [{"name": "data_0", "shape": [1, 3, 112, 112], "layout": "NCHW"}],
                    "precisions": ["FP16"]}
        response = import_uploads(client, refs, name="squeezenet-112", settings=settings, task="classification")
        assert response.status_code == 202, response.text
        model = response.json()
        assert model["framework"] == "openvino" and model["source_filename"] == "2 files"
        assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
        model = client.get(f"/api/v1/models/{model['id']}").json()
        assert [v["precision"] for v in model["variants"]] == ["FP16"]
        assert model["inputs"][0]["shape"] == [1, 3, 112, 112] and model["task"] == "classification"
        assert model["origin"] == "upload" and model["parent_id"] is None

        child = client.post(f"/api/v1/models/{model['id']}/derivatives",
                            json={"name": "batch 4", "settings": {"inputs": [{"name": "data_0",
                                                                               "shape": [4, 3, 112, 112]}]}})
        assert child.status_code == 202, child.text
        assert job_events(client, child.json()["conversion_job_id"])[-1].status == JobStatus.succeeded
        child_model = client.get(f"/api/v1/models/{child.json()['id']}").json()
        assert child_model["inputs"][0]["shape"] == [4, 3, 112, 112]
        assert child_model["parent_id"] == model["id"] and child_model["origin"] == "derived"
        assert {v["precision"] for v in child_model["variants"]} == {"FP32", "FP16"}

        lineage = client.get(f"/api/v1/models/{child_model['id']}/lineage").json()
        assert [a["id"] for a in lineage["ancestors"]] == [model["id"]] and lineage["descendants"] == []
        parent_lineage = client.get(f"/api/v1/models/{model['id']}/lineage").json()
        assert [d["id"] for d in parent_lineage["descendants"]] == [child_model["id"]]
        bad = client.post(f"/api/v1/models/{model['id']}/derivatives",
                          json={"settings": {"inputs": [{"name": "nope", "shape": [1]}]}})
        assert bad.status_code == 422 and bad.json()["code"] == "conversion.unknown_input"


def test_the_graph_is_served_as_json_and_as_raw_ir(system: RunningSystem) -> None:
    import numpy as np
    import openvino as ov

    from tests.e2e.test_slice import upload

    with system.client() as client:
        model = upload(client, system.tiny_onnx_path).json()
        assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
        graph = client.get(f"/api/v1/models/{model['id']}/graph").json()
        types = [node["type"] for node in graph["nodes"]]
        assert types.count("Convolution") == 26 and types.count("Parameter") == 1 and "Constant" not in types
        names = {node["id"] for node in graph["nodes"]}
        assert graph["edges"] and all(e["source"] in names and e["target"] in names for e in graph["edges"])
        xml = client.get(graph["xml_url"])
        assert xml.status_code == 200 and xml.headers["content-type"].startswith("application/xml")
        weights = client.get(graph["bin_url"])
        assert weights.status_code == 200
        core = ov.Core()
        read = core.read_model(xml.content, ov.Tensor(np.frombuffer(weights.content, dtype=np.uint8)))
        assert len([op for op in read.get_ordered_ops() if op.get_type_name() == "Convolution"]) == 26
        fp16 = client.get(f"/api/v1/models/{model['id']}/graph", params={"precision": "FP16"}).json()
        assert len(fp16["nodes"]) > len(graph["nodes"])  # FP16 weights are decompressed by Convert operations
        assert fp16["xml_url"].endswith("/FP16/model.xml")
        assert client.get(f"/api/v1/models/{model['id']}/ir/FP32/secrets.txt").status_code == 422
