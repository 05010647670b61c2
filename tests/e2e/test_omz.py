"""Open Model Zoo: search the catalog, import from a mirror (a real local HTTP server), checksums."""

from __future__ import annotations

import pytest

from dlwb_common.api.models import ModelTask
from dlwb_common.messages.jobs import JobStatus
from dlwb_model_service.omz import catalog
from tests.conftest import RunningSystem
from tests.e2e.test_slice import job_events
from tests.omz_mirror import Mirror

pytestmark = pytest.mark.e2e


def test_the_built_in_catalog_lists_importable_zoo_models_for_many_tasks() -> None:
    built_in = catalog.load()
    names = [m.name for m in built_in.models]
    assert len(names) == len(set(names)) >= 25
    assert {m.framework for m in built_in.models} == {"openvino", "onnx"}
    assert {m.task for m in built_in.models} >= {ModelTask.classification, ModelTask.object_detection,
                                                  ModelTask.semantic_segmentation, ModelTask.super_resolution,
                                                  ModelTask.face_recognition, ModelTask.facial_landmarks}
    for model in built_in.models:
        assert model.files and all(f.path.startswith(f"{model.name}/") for f in model.files), model.name
    detection = catalog.search(built_in, "person detection")
    assert any(m.name == "person-detection-retail-0013" for m in detection)
    assert all(m.task == "super_resolution" for m in catalog.search(built_in, task="super_resolution"))


def test_search_import_and_convert_from_the_mirror(system: RunningSystem, omz_mirror: Mirror) -> None:
    with system.client() as client:
        listed = client.get("/api/v1/omz/models", params={"q": "squeezenet"}).json()
        assert {m["name"] for m in listed["data"]} == {"squeezenet-ir", "squeezenet-onnx"}
        assert listed["mirror"] == omz_mirror.url
        by_task = client.get("/api/v1/omz/models", params={"task": "object_detection"}).json()
        assert [m["name"] for m in by_task["data"]] == ["corrupt-model"]

        started = client.post("/api/v1/omz/models/squeezenet-ir/import", json={"precision": "FP16"})
        assert started.status_code == 202, started.text
        assert started.json()["status"] == "downloading" and started.json()["origin"] == "omz"
        events = job_events(client, started.json()["conversion_job_id"])
        assert events[-1].status == JobStatus.succeeded, events[-1]
        assert any((e.stage or "").startswith("downloading") for e in events)
        model = client.get(f"/api/v1/models/{started.json()['id']}").json()
        assert model["framework"] == "openvino" and model["omz_name"] == "squeezenet-ir"
        assert model["task"] == "classification" and model["inputs"][0]["shape"] == [1, 3, 224, 224]
        assert len(model["source_sha256"]) == 64

        onnx = client.post("/api/v1/omz/models/squeezenet-onnx/import", json={"name": "from the zoo"}).json()
        assert job_events(client, onnx["conversion_job_id"])[-1].status == JobStatus.succeeded
        assert client.get(f"/api/v1/models/{onnx['id']}").json()["framework"] == "onnx"

        no_such = client.post("/api/v1/omz/models/squeezenet-ir/import", json={"precision": "FP16-INT8"})
        assert no_such.status_code == 422 and no_such.json()["code"] == "omz.no_precision"
        unknown = client.post("/api/v1/omz/models/nope/import", json={})
        assert unknown.status_code == 404 and unknown.json()["code"] == "omz.not_found"


@pytest.mark.parametrize(("name", "code"), [("corrupt-model", "omz.checksum_mismatch"),
                                            ("missing-model", "omz.download_failed")])
def test_a_bad_mirror_file_fails_the_job_and_leaves_no_files(system: RunningSystem, name: str, code: str) -> None:
    with system.client() as client:
        started = client.post(f"/api/v1/omz/models/{name}/import", json={}).json()
        last = job_events(client, started["conversion_job_id"])[-1]
        assert last.status == JobStatus.failed and last.error is not None and last.error.code == code, last
        assert last.stage == "download failed"
        assert client.get(f"/api/v1/models/{started['id']}").json()["status"] == "failed"
    assert not (system.data_dir / "model-service" / "models" / started["id"] / "source").exists()
