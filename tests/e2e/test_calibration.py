"""INT8 calibration through the whole system: NNCF in the calibration-service, the INT8 child model
and project, side-by-side runs on the agent, the report; bad requests; cancel."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import unquote

import httpx
import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.conftest import RunningSystem
from tests.e2e.test_slice import job_events, upload

pytestmark = pytest.mark.e2e


def project_for(client: httpx.Client, path, count: int = 16) -> dict:  # type: ignore[no-untyped-def]
    model = upload(client, path).json()
    assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
    dataset = client.post("/api/v1/datasets", json={"name": "random", "count": count}).json()
    project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]})
    assert project.status_code == 201, project.text
    return project.json()


@pytest.fixture(scope="module")
def calibrated(system: RunningSystem) -> dict:
    with system.client() as client:
        project = project_for(client, system.tiny_onnx_path)
        started = client.post("/api/v1/calibrations", json={"project_id": project["id"], "subset_size": 8,
                                                            "compare_seconds": 1})
        assert started.status_code == 202, started.text
        events = job_events(client, started.json()["job"]["id"])
        return {"project": project, "events": events,
                "calibration": client.get(f"/api/v1/calibrations/{started.json()['id']}").json()}


def test_calibration_makes_an_int8_child_with_a_report(system: RunningSystem, calibrated: dict) -> None:
    events, calibration, project = calibrated["events"], calibrated["calibration"], calibrated["project"]
    assert events[-1].status == JobStatus.succeeded, events[-1].error
    stages = [event.stage for event in events]
    for expected in ("fetching the parent's FP32 IR", "registering the INT8 model", "benchmarking the parent"):
        assert any(stage.startswith(expected) for stage in stages), (expected, stages)
    assert [e.progress for e in events] == sorted(e.progress for e in events)

    stats, report = calibration["stats"], calibration["report"]
    assert stats["compute_layers"] == 26 and stats["quantized_layers"] == 26 and stats["samples"] == 8
    assert report["verdict"].startswith("INT8: ") and "throughput" in report["verdict"]
    assert report["int8_share"] == 1.0 and report["throughput_ratio"] > 0
    assert report["child_size_bytes"] < report["parent_size_bytes"]
    assert any(count["precision"].upper() in ("I8", "U8") for count in report["precision_counts"]), report
    with system.client() as client:
        child = client.get(f"/api/v1/models/{calibration['child_model_id']}").json()
        assert child["origin"] == "int8" and child["parent_id"] == calibration["parent_model_id"]
        assert child["status"] == "ready" and child["analysis"]["operations"]["FakeQuantize"] > 0
        lineage = client.get(f"/api/v1/models/{calibration['parent_model_id']}/lineage").json()
        assert calibration["child_model_id"] in [d["id"] for d in lineage["descendants"]]
        child_project = client.get(f"/api/v1/projects/{calibration['child_project_id']}").json()
        assert child_project["model_id"] == child["id"] and child_project["target_id"] == project["target_id"]
        assert report["layer_deltas"] and report["type_deltas"]
        deltas = [abs(d["delta_ms"]) for d in report["layer_deltas"]]
        assert deltas == sorted(deltas, reverse=True) and len(deltas) <= 20
        comparison = client.get("/api/v1/compare", params={"a": report["parent_profile_id"],
                                                            "b": report["child_profile_id"]})
        assert comparison.status_code == 200 and comparison.json()["layers"]
        log = client.get(f"/api/v1/calibrations/{calibration['id']}/log").text
        assert "NNCF: 26 of 26 compute layers quantized" in log and "done: INT8" in log
        listed = client.get("/api/v1/calibrations", params={"project_id": project["id"]}).json()
        assert [c["id"] for c in listed["data"]] == [calibration["id"]]


def test_bad_calibration_requests_are_refused_before_anything_runs(system: RunningSystem,
                                                                   calibrated: dict) -> None:
    project_id = calibrated["project"]["id"]
    with system.client() as client:
        before = client.get("/api/v1/calibrations").json()["count"]
        cases = [({"project_id": project_id, "method": "accuracy_aware"}, 422, "calibration.needs_annotations"),
                 ({"project_id": project_id, "subset_size": 17}, 422, "calibration.too_few_samples"),
                 ({"project_id": "prj_missing"}, 404, "project.not_found"),
                 ({"project_id": project_id, "subset_size": 2, "subset_percent": 5}, 422, "request.invalid"),
                 ({"project_id": project_id, "preset": "fastest"}, 422, "request.invalid")]
        for body, status, code in cases:
            response = client.post("/api/v1/calibrations", json=body)
            assert (response.status_code, response.json()["code"]) == (status, code), (body, response.text)
            assert response.json()["message"]
        assert client.get("/api/v1/calibrations").json()["count"] == before


def test_an_int8_model_cannot_be_calibrated_again(system: RunningSystem, calibrated: dict) -> None:
    child_project = calibrated["calibration"]["child_project_id"]
    with system.client() as client:
        models_before = client.get("/api/v1/models").json()["count"]
        started = client.post("/api/v1/calibrations", json={"project_id": child_project, "compare": False}).json()
        last = job_events(client, started["job"]["id"])[-1]
        assert last.status == JobStatus.failed and last.error is not None
        assert last.error.code == "calibration.not_float" and "already quantized" in last.error.message
        assert client.get(f"/api/v1/calibrations/{started['id']}").json()["child_model_id"] is None
        assert client.get("/api/v1/models").json()["count"] == models_before


def test_a_calibration_can_be_cancelled(system: RunningSystem, calibrated: dict) -> None:
    with system.client() as client:
        started = client.post("/api/v1/calibrations", json={"project_id": calibrated["project"]["id"]}).json()
        cancelled = client.post(f"/api/v1/jobs/{started['job']['id']}/cancel")
        assert cancelled.status_code == 200, cancelled.text
        assert job_events(client, started["job"]["id"])[-1].status == JobStatus.cancelled
        again = client.post(f"/api/v1/jobs/{started['job']['id']}/cancel")
        assert again.status_code == 409 and again.json()["code"] == "job.not_cancellable"


def test_the_cli_calibrates_shows_and_logs(system: RunningSystem) -> None:
    import json

    from tests.e2e.test_slice import cli

    model = json.loads(cli(system, "models", "import", str(system.tiny_onnx_path), "--json").stdout)
    result = cli(system, "calibrate", "run", model["id"], "--method", "weight_compression", "--weight-mode",
                 "INT8_SYM", "--no-compare", "--json")
    assert result.returncode == 0, result.stderr
    calibration = json.loads(result.stdout)
    assert calibration["report"]["verdict"].startswith("Weight-compressed: ")
    assert calibration["stats"]["compressed_weights"] >= 26 and calibration["stats"]["fake_quantize"] == 0
    shown = cli(system, "calibrate", "show", calibration["id"])
    assert shown.returncode == 0 and "Weight-compressed" in shown.stdout
    assert calibration["child_model_id"] in shown.stdout
    assert "NNCF:" in cli(system, "calibrate", "log", calibration["id"]).stdout
    assert calibration["id"] in cli(system, "calibrate", "list", "--json").stdout
    refused = cli(system, "calibrate", "run", model["id"], "--method", "accuracy_aware")
    assert refused.returncode == 3 and "calibration.needs_annotations" in refused.stderr


def test_int8_on_real_images_measures_the_accuracy_drop_and_accuracy_control_keeps_it(system: RunningSystem) -> None:
    """The Fashion-MNIST classifier calibrated on its own images: top-1 before and after on the same images;
    accuracy-aware quantization with a max drop of 0.5 point keeps it."""
    from tests.api_calls import import_archive
    from tests.dataset_fixtures import FASHION
    from tests.e2e.test_accuracy import CONFIG, MODEL

    with system.client() as client:
        model = upload(client, MODEL).json()
        job_events(client, model["conversion_job_id"])
        dataset = import_archive(client, FASHION).json()
        project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]}).json()
        client.put(f"/api/v1/projects/{project['id']}/accuracy-config", json=CONFIG)
        results = {}
        for method in ("default", "accuracy_aware"):
            started = client.post("/api/v1/calibrations", json={
                "project_id": project["id"], "method": method, "subset_size": 100, "max_drop": 0.005,
                "compare": False}).json()
            assert job_events(client, started["job"]["id"])[-1].status == JobStatus.succeeded
            results[method] = client.get(f"/api/v1/calibrations/{started['id']}").json()
    default, aware = results["default"], results["accuracy_aware"]
    for calibration in (default, aware):
        stats = calibration["stats"]
        assert stats["dataset"] == "images" and stats["validation_images"] == 300
        assert stats["accuracy_before"] > 0.7 and stats["accuracy_after"] > 0.5
        assert calibration["report"]["accuracy"]["delta_points"] == pytest.approx(
            100 * (stats["accuracy_after"] - stats["accuracy_before"]))
        assert calibration["accuracy_settings"]["source"] == "saved"
        assert " pt)" in calibration["report"]["verdict"] and "top1 " in calibration["report"]["verdict"]
    assert aware["stats"]["accuracy_before"] - aware["stats"]["accuracy_after"] <= 0.005 + 1e-9
    assert aware["stats"]["accuracy_before"] == default["stats"]["accuracy_before"]


def test_calibration_runs_on_the_target_through_its_agent(system: RunningSystem, calibrated: dict) -> None:
    project = calibrated["project"]
    with system.client() as client:
        started = client.post("/api/v1/calibrations", json={"project_id": project["id"], "subset_size": 4,
                                                            "run_on": "target", "compare": False}).json()
        events = job_events(client, started["job"]["id"])
        assert events[-1].status == JobStatus.succeeded, events[-1].error
        assert any(e.stage.startswith(f"on {project['target_id']}: collecting statistics") for e in events)
        calibration = client.get(f"/api/v1/calibrations/{started['id']}").json()
        assert calibration["stats"]["quantized_layers"] == 26 and calibration["stats"]["samples"] == 4
        child = client.get(f"/api/v1/models/{calibration['child_model_id']}").json()
        assert child["status"] == "ready" and child["origin"] == "int8"
    forged = httpx.put(f"{system.url}/api/v1/calibrations/{started['id']}/uploads/model.xml",
                       params={"expires": 4102444800, "sig": "0" * 64}, content=b"<net/>")
    assert forged.status_code == 403 and forged.json()["code"] == "artifact.bad_signature"


async def test_an_abandoned_child_is_discarded_with_its_files(system: RunningSystem, calibrated: dict) -> None:
    """What a failed or cancelled calibration asks of the model-service once it registered a child."""
    from dlwb_common import bus, subjects
    from dlwb_common.errors import ConflictError
    from dlwb_common.messages.models import DiscardChildReply, DiscardChildRequest

    with system.client() as client:
        started = client.post("/api/v1/calibrations", json={"project_id": calibrated["project"]["id"],
                                                            "subset_size": 2, "compare": False}).json()
        job_events(client, started["job"]["id"])
        child_id = client.get(f"/api/v1/calibrations/{started['id']}").json()["child_model_id"]
        assert client.get(f"/api/v1/models/{child_id}").status_code == 200
    password = (system.data_dir / "secrets" / "nats-services-password").read_text().strip()
    nc = await bus.connect(f"nats://127.0.0.1:{system.system.settings.nats_port}", name="test", user="services",
                           password=password)
    try:
        reply = await bus.request(nc, subjects.MODEL_DISCARD_CHILD,
                                  DiscardChildRequest(model_id=child_id, reason="test"), DiscardChildReply)
        assert reply.discarded
        with pytest.raises(ConflictError) as refused:
            await bus.request(nc, subjects.MODEL_DISCARD_CHILD, DiscardChildRequest(
                model_id=calibrated["calibration"]["parent_model_id"], reason="test"), DiscardChildReply)
        assert (refused.value.code, refused.value.status) == ("model.not_a_child", 409)
    finally:
        await nc.close()
    with system.client() as client:
        assert client.get(f"/api/v1/models/{child_id}").json()["code"] == "model.not_found"
    assert not (system.data_dir / "model-service" / "models" / child_id).exists()


def test_the_int8_child_is_named_tagged_and_downloaded_as_int8(system: RunningSystem, calibrated: dict) -> None:
    calibration = calibrated["calibration"]
    with system.client() as client:
        parent = client.get(f"/api/v1/models/{calibration['parent_model_id']}").json()
        child = client.get(f"/api/v1/models/{calibration['child_model_id']}").json()
        assert parent["weight_precision"] == "FP32" and parent["precision_lineage"] is None
        assert child["name"] == f"{parent['name']} INT8"  # not the parent project's "... FP32 on CPU INT8"
        assert child["weight_precision"] == "INT8" and child["precision_lineage"] == "INT8 from FP32"
        assert {v["precision"]: v["label"] for v in child["variants"]} == {"FP32": "INT8", "FP16": "INT8-FP16"}
        assert {v["weight_precision"] for v in child["variants"]} == {"INT8"}
        child_project = client.get(f"/api/v1/projects/{calibration['child_project_id']}").json()
        assert child_project["name"] == f"{child['name']} INT8 on CPU"
        assert "FP32" not in child_project["name"] and "FP32" in calibrated["project"]["name"]
        download = client.get(f"/api/v1/models/{child['id']}/ir/FP32")
        assert download.status_code == 200
        # the child's name ends with INT8 already: "<parent> INT8.xml", neither "...INT8-FP32" nor "...INT8-INT8"
        assert unquote(download.headers["content-disposition"]).endswith(f"{parent['name']} INT8.zip")
        assert sorted(zipfile.ZipFile(io.BytesIO(download.content)).namelist()) == [
            f"{parent['name']} INT8.bin", f"{parent['name']} INT8.xml"]
        fp16 = client.get(f"/api/v1/models/{child['id']}/ir/FP16")
        assert unquote(fp16.headers["content-disposition"]).endswith(f"{parent['name']} INT8-FP16.zip")
        lineage = client.get(f"/api/v1/models/{parent['id']}/lineage").json()
        assert {d["id"]: d["weight_precision"] for d in lineage["descendants"]}[child["id"]] == "INT8"
