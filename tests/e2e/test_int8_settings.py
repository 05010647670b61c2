"""INT8 on the settings the user sees (issue 11): a user measured accuracy with scale 255 without saving it,
then calibrated. The calibration must use (and state) the settings sent with it, not the saved ones; and
settings that do not fit the model are refused before any job starts, for accuracy runs and calibrations."""

from __future__ import annotations

import json

import httpx
import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.api_calls import import_archive
from tests.conftest import RunningSystem
from tests.dataset_fixtures import FASHION
from tests.e2e.test_accuracy import CONFIG, MODEL
from tests.e2e.test_slice import cli, job_events, upload

pytestmark = pytest.mark.e2e

VALIDATION_IMAGES = 300  # the calibration's accuracy check scores the dataset's first 300 annotated images


@pytest.fixture(scope="module")
def unsaved(system: RunningSystem) -> dict:
    """The Fashion-MNIST project with nothing saved (the model wants x / 255: the default scale is wrong)."""
    with system.client() as client:
        model = upload(client, MODEL).json()
        assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
        dataset = import_archive(client, FASHION, "fashion int8 settings").json()
        project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]})
        assert project.status_code == 201, project.text
        return project.json()


def measure(client: httpx.Client, project_id: str, config: dict) -> float:
    started = client.post(f"/api/v1/projects/{project_id}/accuracy",
                          json={"config": {**config, "max_samples": VALIDATION_IMAGES}})
    assert started.status_code == 202, started.text
    assert job_events(client, started.json()["job"]["id"])[-1].status == JobStatus.succeeded
    run = client.get(f"/api/v1/accuracy/{started.json()['id']}").json()
    return {m["name"]: m["value"] for m in run["result"]["metrics"]}["top1_accuracy"]


def calibrate(client: httpx.Client, body: dict) -> dict:
    started = client.post("/api/v1/calibrations", json={"subset_size": 100, "compare": False, **body})
    assert started.status_code == 202, started.text
    assert job_events(client, started.json()["job"]["id"])[-1].status == JobStatus.succeeded
    return client.get(f"/api/v1/calibrations/{started.json()['id']}").json()


def test_int8_calibrates_and_checks_with_the_settings_sent(system: RunningSystem, unsaved: dict) -> None:
    with system.client() as client:
        assert client.get(f"/api/v1/projects/{unsaved['id']}/accuracy-config").json()["preprocessing"]["scale"] == []
        with_scale = measure(client, unsaved["id"], CONFIG)  # measured with the form's values, not saved
        without_scale = measure(client, unsaved["id"], {"adapter": "classification"})
        assert with_scale > 0.7 and with_scale - without_scale > 0.02  # the settings matter on these images
        sent = calibrate(client, {"project_id": unsaved["id"], "accuracy": CONFIG})
        saved = calibrate(client, {"project_id": unsaved["id"]})
        log = client.get(f"/api/v1/calibrations/{sent['id']}/log").text

    used = sent["accuracy_settings"]
    assert used["source"] == "request" and not used["matches_saved"]
    assert used["config"]["preprocessing"]["scale"] == [255.0]
    # the accuracy check ran on the settings sent: FP32 top-1 is what the user measured with them
    stats, report = sent["stats"], sent["report"]
    assert stats["validation_images"] == VALIDATION_IMAGES
    assert stats["accuracy_before"] == pytest.approx(with_scale, abs=0.01)
    assert report["accuracy"]["fp32_percent"] == pytest.approx(100 * stats["accuracy_before"])
    assert report["accuracy"]["int8_percent"] == pytest.approx(100 * stats["accuracy_after"])
    assert report["accuracy"]["delta_points"] == pytest.approx(100 * (stats["accuracy_after"]
                                                                      - stats["accuracy_before"]))
    assert f"top1 {100 * stats['accuracy_before']:.1f} % -> " in report["verdict"]
    assert report["accuracy_note"] is None and "not measured" not in report["verdict"]
    # and the report says so
    settings = report["settings"]
    assert "scale 255" in settings["preprocessing"] and settings["adapter"] == "classification"
    assert (settings["source"], settings["matches_saved"]) == ("request", False)
    assert settings["dataset_id"] == unsaved["dataset_id"] and "500 imported images" in settings["dataset"]
    assert settings["subset_size"] == 100 and settings["validation_images"] == VALIDATION_IMAGES
    assert settings["check_precision"] in ("f32", "bf16", "f16") and settings["check_cpu_isa"]
    assert "NOT the project's saved settings" in log and '"scale":[255.0]' in log

    # nothing sent: the saved (here: default) settings, and the calibration records that it used them
    assert saved["accuracy_settings"]["source"] == "default"
    assert saved["accuracy_settings"]["config"]["preprocessing"]["scale"] == []
    assert saved["stats"]["accuracy_before"] == pytest.approx(without_scale, abs=0.01)
    assert saved["report"]["settings"]["source"] == "default"


def test_settings_that_do_not_fit_the_model_are_refused_before_any_job(system: RunningSystem,
                                                                        unsaved: dict) -> None:
    project_id = unsaved["id"]
    misfits = [({"preprocessing": {"mean": [123.7, 116.3, 103.5]}}, 422, "preprocessing.mismatch", "3 mean"),
               ({"preprocessing": {"scale": [58.4, 57.1, 57.4]}}, 422, "preprocessing.mismatch", "1-channel"),
               ({"preprocessing": {"color": "RGB"}}, 422, "preprocessing.mismatch", "use GRAY"),
               ({"preprocessing": {"scale": [0]}}, 422, "request.invalid", "greater than 0"),
               ({"preprocessing": {"scale": [-255]}}, 422, "request.invalid", "greater than 0")]
    with system.client() as client:
        runs = client.get(f"/api/v1/projects/{project_id}/accuracy").json()["count"]
        calibrations = client.get("/api/v1/calibrations").json()["count"]
        saved = client.get(f"/api/v1/projects/{project_id}/accuracy-config").json()
        for config, status, code, says in misfits:
            for method, path, body in (
                    ("POST", f"/api/v1/projects/{project_id}/accuracy", {"config": config}),
                    ("POST", "/api/v1/calibrations", {"project_id": project_id, "accuracy": config}),
                    ("PUT", f"/api/v1/projects/{project_id}/accuracy-config", config)):
                response = client.request(method, path, json=body)
                assert (response.status_code, response.json()["code"]) == (status, code), (path, response.text)
                assert says in response.json()["message"], response.text
        assert client.get(f"/api/v1/projects/{project_id}/accuracy").json()["count"] == runs
        assert client.get("/api/v1/calibrations").json()["count"] == calibrations
        assert client.get(f"/api/v1/projects/{project_id}/accuracy-config").json() == saved


def test_the_cli_calibrates_with_the_accuracy_options(system: RunningSystem, unsaved: dict) -> None:
    model_id = unsaved["model_id"]
    refused = cli(system, "calibrate", "run", model_id, "--project", unsaved["id"], "--mean", "1,2,3", "--no-compare")
    assert refused.returncode == 3 and "preprocessing.mismatch" in refused.stderr
    done = cli(system, "calibrate", "run", model_id, "--project", unsaved["id"], "--scale", "255", "--subset", "50",
               "--no-compare", "--json")
    assert done.returncode == 0, done.stderr
    calibration = json.loads(done.stdout)
    assert calibration["accuracy_settings"]["config"]["preprocessing"]["scale"] == [255.0]
    assert calibration["report"]["accuracy"]["fp32_percent"] > 70
    shown = cli(system, "calibrate", "show", calibration["id"])
    text = " ".join(shown.stdout.split())  # as the terminal wrapped it, joined
    assert shown.returncode == 0 and "scale 255" in text and "not the project's saved settings" in text, text
    assert "FP32" in text and " pt" in text
