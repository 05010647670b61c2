"""Precision end to end: the weights named from the IR in project names, the inference precision a run
asks for checked against the device and recorded as what ran, shown on every result and in comparisons."""

from __future__ import annotations

import json

import httpx
import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.conftest import RunningSystem
from tests.e2e.test_slice import cli, job_events, upload

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def projects(system: RunningSystem) -> dict[str, dict]:
    """An FP32 and an FP16 project of one model (names left to the server)."""
    with system.client() as client:
        model = upload(client, system.tiny_onnx_path, "precise.onnx").json()
        assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
        dataset = client.post("/api/v1/datasets", json={"name": "random", "count": 4}).json()
        made = {}
        for precision in ("FP32", "FP16"):
            response = client.post("/api/v1/projects", json={"model_id": model["id"], "precision": precision,
                                                             "dataset_id": dataset["id"]})
            assert response.status_code == 201, response.text
            made[precision] = response.json()
        return made


def finished(client: httpx.Client, path: str, run: dict) -> dict:
    assert job_events(client, run["id"])[-1].status == JobStatus.succeeded
    return client.get(f"{path}/{run['id']}").json()


def test_default_project_names_say_the_weights(projects: dict[str, dict]) -> None:
    assert projects["FP32"]["name"] == "precise FP32 on CPU" and projects["FP32"]["variant_label"] == "FP32"
    assert projects["FP16"]["name"] == "precise FP16 on CPU" and projects["FP16"]["variant_label"] == "FP16"


def test_every_run_kind_records_the_precision_it_asked_for(system: RunningSystem, projects: dict[str, dict]) -> None:
    project = projects["FP32"]["id"]
    with system.client() as client:
        bench = finished(client, "/api/v1/benchmarks", client.post(
            f"/api/v1/projects/{project}/benchmarks", json={"duration_seconds": 0.3, "infer_precision": "f32"}).json())
        layers = finished(client, "/api/v1/layer-profiles", client.post(
            f"/api/v1/projects/{project}/layer-profiles", json={"niter": 5, "infer_precision": "f32"}).json())
        sweep = finished(client, "/api/v1/sweeps", client.post(
            f"/api/v1/projects/{project}/sweeps", json={"streams": [1], "duration_seconds": 0.3,
                                                        "infer_precision": "f32"}).json())
    isa = bench["result"]["manifest"]["cpu_isa"]
    for run in (bench, layers, sweep):
        assert run["settings"]["infer_precision"] == "f32"
        assert run["ran_in"] == {"asked": "f32", "ran": "f32", "cpu_isa": isa,
                                 "summary": f"ran in F32 (as asked) on {isa}"}
        assert run["verdict"].endswith(f"Ran in F32 (as asked) on {isa}.")
    assert bench["result"]["manifest"]["inference_precision"] == "f32"
    assert layers["profile"]["manifest"]["inference_precision"] == "f32"


def test_a_run_with_the_device_default_says_so(system: RunningSystem, projects: dict[str, dict]) -> None:
    with system.client() as client:
        bench = finished(client, "/api/v1/benchmarks", client.post(
            f"/api/v1/projects/{projects['FP32']['id']}/benchmarks", json={"duration_seconds": 0.3}).json())
    ran = bench["result"]["manifest"]["inference_precision"]
    assert bench["ran_in"]["asked"] is None and bench["ran_in"]["ran"] == ran
    assert bench["ran_in"]["summary"].startswith(f"ran in {ran.upper()} (device default)")


def test_a_precision_the_device_does_not_offer_is_refused(system: RunningSystem, projects: dict[str, dict]) -> None:
    with system.client() as client:
        cpu = next(d for d in client.get("/api/v1/targets/local").json()["inventory"]["devices"] if d["name"] == "CPU")
        assert "f32" in cpu["inference_precisions"]
        missing = [p for p in ("bf16", "f16") if p not in cpu["inference_precisions"]]
        if not missing:
            pytest.skip("this CPU offers every inference precision")
        project = projects["FP32"]["id"]
        before = client.get(f"/api/v1/projects/{project}/benchmarks").json()["count"]
        for path in ("benchmarks", "layer-profiles", "sweeps"):
            refused = client.post(f"/api/v1/projects/{project}/{path}", json={"infer_precision": missing[0]})
            assert refused.status_code == 422 and refused.json()["code"] == "run.unsupported_precision", refused.text
            assert missing[0] in refused.json()["message"]
        assert client.get(f"/api/v1/projects/{project}/benchmarks").json()["count"] == before


def test_compare_says_when_the_weights_differ(system: RunningSystem, projects: dict[str, dict]) -> None:
    with system.client() as client:
        runs = [client.post(f"/api/v1/projects/{projects[p]['id']}/benchmarks",
                            json={"duration_seconds": 0.3, "infer_precision": "f32"}).json() for p in ("FP32", "FP16")]
        for run in runs:
            finished(client, "/api/v1/benchmarks", run)
        compared = client.get("/api/v1/compare", params={"a": runs[0]["id"], "b": runs[1]["id"]}).json()
        same = client.get("/api/v1/compare", params={"a": runs[0]["id"], "b": runs[0]["id"]}).json()
    assert compared["precision_differences"] == ["different weights (FP16 vs FP32)"]
    assert compared["verdict"].endswith("The runs differ in precision: different weights (FP16 vs FP32) (B vs A).")
    assert (compared["a"]["weights"], compared["b"]["weights"]) == ("FP32", "FP16")
    assert compared["a"]["ran_in"]["ran"] == compared["b"]["ran_in"]["ran"] == "f32"
    assert same["precision_differences"] == [] and "differ in precision" not in same["verdict"]


def test_the_cli_asks_for_and_shows_the_precision(system: RunningSystem, projects: dict[str, dict]) -> None:
    model = projects["FP32"]["model_id"]
    shown = cli(system, "bench", "run", model, "--time", "0.3", "--infer-precision", "f32", "--no-progress")
    assert shown.returncode == 0, shown.stderr
    assert "ran in F32 (as asked)" in shown.stdout
    as_json = json.loads(cli(system, "bench", "layers", model, "--niter", "3", "--infer-precision", "f32",
                             "--json").stdout)
    assert as_json["ran_in"]["ran"] == "f32"
    refused = cli(system, "bench", "run", model, "--infer-precision", "f8")
    assert refused.returncode != 0 and "infer_precision" in refused.stderr
    listed = json.loads(cli(system, "models", "list", "--json").stdout)["data"]
    assert next(m for m in listed if m["id"] == model)["weight_precision"] == "FP32"
    shown_model = cli(system, "models", "show", model)
    assert "weights FP32" in shown_model.stdout
