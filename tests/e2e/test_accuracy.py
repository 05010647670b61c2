"""Accuracy on the agent: a real classifier (Fashion-MNIST CNN trained by a script in the repo) on a
real labelled dataset, checked against a plain OpenVINO + numpy reference on the same images."""

from __future__ import annotations

import io
import tarfile

import httpx
import numpy as np
import openvino as ov
import pytest
from PIL import Image

from dlwb_common.messages.jobs import JobStatus
from tests.api_calls import import_archive
from tests.conftest import RunningSystem
from tests.dataset_fixtures import FASHION
from tests.e2e.test_slice import job_events, upload

pytestmark = pytest.mark.e2e

MODEL = FASHION.parent / "fashion_cnn.onnx"
CONFIG = {"preprocessing": {"scale": [255.0]}, "adapter": "classification"}


def reference_top1() -> tuple[float, list[int]]:
    """Top-1 of the ONNX model in OpenVINO on the archive's images, decoded with PIL, x / 255."""
    compiled = ov.Core().compile_model(str(MODEL), "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    with tarfile.open(FASHION) as bundle:
        files = {m.name: bundle.extractfile(m).read() for m in bundle.getmembers() if m.isfile()}  # type: ignore[union-attr]
    lines = [line.split() for line in files[next(n for n in files if n.endswith("labels.txt"))].decode().splitlines()]
    predicted, correct = [], 0
    for name, label in lines:
        key = next(n for n in files if n.endswith(name))
        pixels = np.asarray(Image.open(io.BytesIO(files[key])).convert("L"), np.float32) / 255.0
        top = int(np.argmax(compiled([pixels[None, None]])[compiled.outputs[0]]))
        predicted.append(top)
        correct += top == int(label)
    return correct / len(lines), predicted


@pytest.fixture(scope="module")
def fashion_project(system: RunningSystem) -> dict:
    with system.client() as client:
        model = upload(client, MODEL).json()
        assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
        dataset = import_archive(client, FASHION, "fashion 500").json()
        project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]})
        assert project.status_code == 201, project.text
        saved = client.put(f"/api/v1/projects/{project.json()['id']}/accuracy-config", json=CONFIG)
        assert saved.status_code == 200, saved.text
        return {"model": model, "dataset": dataset, "project": project.json()}


def run(client: httpx.Client, project_id: str, **body: object) -> dict:
    started = client.post(f"/api/v1/projects/{project_id}/accuracy", json=body)
    assert started.status_code == 202, started.text
    events = job_events(client, started.json()["job"]["id"])
    assert events[-1].status == JobStatus.succeeded, events[-1].error
    return client.get(f"/api/v1/accuracy/{started.json()['id']}").json()


def test_top1_matches_the_reference_on_every_image(system: RunningSystem, fashion_project: dict) -> None:
    expected_top1, expected_predictions = reference_top1()
    with system.client() as client:
        measured = run(client, fashion_project["project"]["id"], infer_precision="f32")  # the saved configuration
    result = measured["result"]
    assert result["manifest"]["inference_precision"] == "f32"  # as the reference: compared like with like
    metrics = {m["name"]: m["value"] for m in result["metrics"]}
    assert result["samples"] == 500 and result["task"] == "classification"
    assert abs(metrics["top1_accuracy"] - expected_top1) < 1e-6, (metrics, expected_top1)
    assert metrics["top1_accuracy"] > 0.7 and metrics["top5_accuracy"] >= metrics["top1_accuracy"]
    assert [image["predicted"][0] for image in result["images"]] == expected_predictions
    assert all(image["correct"] == (image["predicted"][0] == image["label"]) for image in result["images"])
    assert measured["config"]["preprocessing"]["scale"] == [255.0]  # the project's saved configuration
    assert measured["verdict"].startswith("top1_accuracy")
    assert result["images_per_second"] > 0
    assert measured["warnings"] == []  # the right scale: nothing to suggest


def test_a_missing_input_scale_is_measured_and_suggested(system: RunningSystem, fashion_project: dict) -> None:
    """Fed 0..255 instead of 0..1, the classifier still scores plausibly; the result says what to set."""
    with system.client() as client:
        measured = run(client, fashion_project["project"]["id"], config={"adapter": "classification"})
    top1 = {m["name"]: m["value"] for m in measured["result"]["metrics"]}["top1_accuracy"]
    assert top1 < reference_top1()[0]  # worse than with the right scale, but not absurd
    assert len(measured["warnings"]) == 1 and "set scale 255" in measured["warnings"][0]


def test_fp16_agrees_with_fp32_without_annotations(system: RunningSystem, fashion_project: dict) -> None:
    project = fashion_project["project"]
    with system.client() as client:
        fp16 = client.post("/api/v1/projects", json={"model_id": project["model_id"], "precision": "FP16",
                                                      "dataset_id": project["dataset_id"]}).json()
        a = run(client, project["id"], config=CONFIG)
        b = run(client, fp16["id"], config=CONFIG)
        agreement = client.get("/api/v1/accuracy-agreement", params={"a": a["id"], "b": b["id"]}).json()
    assert agreement["images"] == 500 and agreement["agreement"] >= 0.98
    assert agreement["verdict"].startswith("B agrees with A on")
    assert agreement["precision_differences"] == ["different weights (FP16 vs FP32)"]
    assert agreement["verdict"].endswith("The runs differ in precision: different weights (FP16 vs FP32) (B vs A).")
    assert abs(agreement["metric_deltas"]["top1_accuracy"]) <= 0.02


def test_accuracy_requests_that_cannot_work_are_refused(system: RunningSystem, fashion_project: dict) -> None:
    project = fashion_project["project"]
    with system.client() as client:
        random = client.post("/api/v1/datasets", json={"name": "noise"}).json()
        no_labels = client.post("/api/v1/projects", json={"model_id": project["model_id"],
                                                           "dataset_id": random["id"]}).json()
        refused = client.post(f"/api/v1/projects/{no_labels['id']}/accuracy", json={})
        assert refused.status_code == 422 and refused.json()["code"] == "accuracy.needs_annotations"
        wrong_adapter = client.post(f"/api/v1/projects/{project['id']}/accuracy", json={"config": {"adapter": "ssd"}})
        assert wrong_adapter.status_code == 422 and wrong_adapter.json()["code"] == "accuracy.task_mismatch"
        bad_config = client.post(f"/api/v1/projects/{project['id']}/accuracy",
                                 json={"config": {"preprocessing": {"resize": "zoom"}}})
        assert bad_config.status_code == 422 and bad_config.json()["code"] == "request.invalid"


def test_the_cli_imports_a_dataset_and_measures_accuracy(system: RunningSystem, fashion_project: dict) -> None:
    import json

    from tests.e2e.test_slice import cli

    imported = cli(system, "datasets", "import", str(FASHION), "--name", "from-cli", "--json")
    assert imported.returncode == 0, imported.stderr
    dataset = json.loads(imported.stdout)
    assert dataset["task"] == "classification" and dataset["count"] == 500
    shown = cli(system, "datasets", "show", dataset["id"])
    assert shown.returncode == 0 and "imagenet classification dataset: 500 images" in shown.stdout
    model_id = fashion_project["model"]["id"]
    measured = cli(system, "accuracy", "run", model_id, "--dataset", dataset["id"], "--scale", "255", "--json")
    assert measured.returncode == 0, measured.stderr
    first = json.loads(measured.stdout)
    top1 = {m["name"]: m["value"] for m in first["result"]["metrics"]}["top1_accuracy"]
    assert top1 == pytest.approx(reference_top1()[0], abs=1e-9)
    again = cli(system, "accuracy", "run", model_id, "--dataset", dataset["id"], "--infer-precision", "f32",
                "--json")  # the saved config
    second = json.loads(again.stdout)
    assert second["config"]["preprocessing"]["scale"] == [255.0]
    assert second["ran_in"]["asked"] == "f32" and second["ran_in"]["ran"] == "f32"
    agreement = cli(system, "accuracy", "agreement", first["id"], second["id"])
    assert agreement.returncode == 0 and "B agrees with A on 100.0% of 500 images" in agreement.stdout
    refused = cli(system, "accuracy", "run", model_id, "--dataset", dataset["id"], "--adapter", "ssd")
    assert refused.returncode == 3 and "accuracy.task_mismatch" in refused.stderr


def test_a_single_image_is_predicted_with_class_names(system: RunningSystem, fashion_project: dict) -> None:
    import json

    _, expected = reference_top1()
    with tarfile.open(FASHION) as bundle:
        image = bundle.extractfile("images/00003.png").read()  # type: ignore[union-attr]
    model_id, dataset = fashion_project["model"]["id"], fashion_project["dataset"]
    with system.client() as client:
        predicted = client.post(f"/api/v1/models/{model_id}/predictions", content=image,
                                params={"dataset_id": dataset["id"], "config": json.dumps(CONFIG)},
                                headers={"content-type": "image/png"})
        assert predicted.status_code == 200, predicted.text
        body = predicted.json()
        assert body["task"] == "classification" and (body["width"], body["height"]) == (28, 28)
        assert body["labels"][0] == expected[3] and body["names"][0] == dataset["classes"][expected[3]]
        assert len(body["scores"]) == 5 and body["scores"] == sorted(body["scores"], reverse=True)
        junk = client.post(f"/api/v1/models/{model_id}/predictions", content=b"not an image")
        assert junk.status_code == 422 and junk.json()["code"] == "predict.not_an_image"
        bad = client.post(f"/api/v1/models/{model_id}/predictions", content=image, params={"config": "{\"x\": 1}"})
        assert bad.status_code == 422 and bad.json()["code"] == "predict.bad_config"
        descriptor = client.post(f"/api/v1/models/{model_id}/predictions", content=image,
                                 params={"config": json.dumps({**CONFIG, "adapter": "embedding"})}).json()
        assert descriptor["task"] == "face_recognition"
        assert np.linalg.norm(descriptor["scores"]) == pytest.approx(1.0)  # the unit-length descriptor


def test_per_output_tensor_distance_of_fp16_against_fp32(system: RunningSystem, fashion_project: dict) -> None:
    model_id, dataset = fashion_project["model"]["id"], fashion_project["dataset"]
    with system.client() as client:
        body = {"b": model_id, "precision_b": "FP16", "dataset_id": dataset["id"], "samples": 8, "config": CONFIG}
        found = client.post(f"/api/v1/models/{model_id}/output-distance", json=body)
        assert found.status_code == 200, found.text
        same = client.post(f"/api/v1/models/{model_id}/output-distance",
                           json={**body, "precision_b": "FP32"}).json()
        irs = {p: (client.get(f"/api/v1/models/{model_id}/ir/{p}/model.xml").content,
                   client.get(f"/api/v1/models/{model_id}/ir/{p}/model.bin").content) for p in ("FP32", "FP16")}
        random = client.post("/api/v1/datasets", json={"name": "noise", "count": 4}).json()
        generated = client.post(f"/api/v1/models/{model_id}/output-distance",
                                json={**body, "dataset_id": random["id"]}).json()
        other = client.post(f"/api/v1/models/{model_id}/output-distance", json={**body, "b": "mdl_missing"})
        assert other.status_code == 404
    core = ov.Core()
    compiled = {p: core.compile_model(core.read_model(x, ov.Tensor(np.frombuffer(w, np.uint8))), "CPU",
                                      {"INFERENCE_PRECISION_HINT": "f32"}) for p, (x, w) in irs.items()}
    with tarfile.open(FASHION) as bundle:
        names = sorted(m.name for m in bundle.getmembers() if m.name.endswith(".png"))[:8]
        pixels = [np.asarray(Image.open(io.BytesIO(bundle.extractfile(n).read())).convert("L"), np.float32) / 255
                  for n in names]  # type: ignore[union-attr]
    diffs = [np.abs(compiled["FP32"]([p[None, None]])[0] - compiled["FP16"]([p[None, None]])[0]).mean()
             for p in pixels]
    output = found.json()["outputs"][0]
    assert output["mean_abs"] == pytest.approx(float(np.mean(diffs)), rel=1e-5, abs=1e-9)
    assert output["cosine"] > 0.999 and found.json()["verdict"].startswith("on 8 images")
    assert same["outputs"][0]["mean_abs"] == 0 and same["outputs"][0]["cosine"] == pytest.approx(1.0)
    assert generated["verdict"].startswith("on 4 generated inputs")


def test_the_cli_predicts_compares_outputs_and_augments(system: RunningSystem, fashion_project: dict,
                                                        tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.e2e.test_slice import cli

    model_id, dataset = fashion_project["model"]["id"], fashion_project["dataset"]
    with tarfile.open(FASHION) as bundle:
        (tmp_path / "3.png").write_bytes(bundle.extractfile("images/00003.png").read())  # type: ignore[union-attr]
    predicted = cli(system, "accuracy", "predict", model_id, str(tmp_path / "3.png"), "--dataset", dataset["id"],
                    "--scale", "255", "--json")
    assert predicted.returncode == 0, predicted.stderr
    assert json.loads(predicted.stdout)["labels"][0] == reference_top1()[1][3]
    distance = cli(system, "accuracy", "distance", model_id, model_id, "--precision-b", "FP16", "--dataset",
                   dataset["id"], "--samples", "4", "--scale", "255")
    assert distance.returncode == 0 and "cosine similarity" in distance.stdout
    augmented = cli(system, "datasets", "augment", dataset["id"], "--flip-horizontal", "--noise", "5", "--json")
    assert augmented.returncode == 0 and json.loads(augmented.stdout)["count"] == 1000
    junk = cli(system, "accuracy", "predict", model_id, str(FASHION))
    assert junk.returncode == 3 and "predict.not_an_image" in junk.stderr
