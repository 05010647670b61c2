"""The CLI on the whole system: ``dlwb bench run`` reuses its project and random dataset when the
settings are the same, and ``dlwb jobs retry`` runs a cancelled run again."""

from __future__ import annotations

import json

import pytest

from tests.conftest import RunningSystem
from tests.e2e.test_slice import cli

pytestmark = pytest.mark.e2e


def test_bench_run_reuses_the_project_and_dataset_of_the_same_settings(system: RunningSystem) -> None:
    model = json.loads(cli(system, "models", "import", str(system.tiny_onnx_path), "--name", "reuse", "--json").stdout)
    with system.client() as client:
        datasets_before = client.get("/api/v1/datasets", params={"limit": 1000}).json()["count"]
    runs = [cli(system, "bench", "run", model["id"], "--time", "0.3", "--json") for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[-1].stderr
    first, second = (json.loads(run.stdout) for run in runs)
    assert first["project_id"] == second["project_id"]
    assert "created project" in runs[0].stderr and "reusing project" in runs[1].stderr
    other = cli(system, "bench", "run", model["id"], "--precision", "FP16", "--time", "0.3", "--json")
    assert other.returncode == 0 and "created project" in other.stderr  # other settings: its own project
    assert json.loads(other.stdout)["project_id"] != first["project_id"]
    with system.client() as client:
        assert client.get("/api/v1/datasets", params={"limit": 1000}).json()["count"] == datasets_before + 2


def test_jobs_retry_runs_a_cancelled_benchmark_again(system: RunningSystem) -> None:
    model = json.loads(cli(system, "models", "import", str(system.tiny_onnx_path), "--name", "retry", "--json").stdout)
    with system.client() as client:
        dataset = client.post("/api/v1/datasets", json={"name": "random"}).json()
        project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]}).json()
        bench = client.post(f"/api/v1/projects/{project['id']}/benchmarks",
                            json={"duration_seconds": 60, "nireq": 3}).json()
    assert cli(system, "jobs", "cancel", bench["id"], "--json").returncode == 0
    retried = cli(system, "jobs", "retry", bench["id"], "--no-follow", "--json")
    assert retried.returncode == 0, retried.stderr
    new = json.loads(retried.stdout)
    assert new["id"] != bench["id"] and new["status"] in ("queued", "running")
    with system.client() as client:
        again = client.get(f"/api/v1/benchmarks/{new['id']}").json()
        assert (again["settings"]["duration_seconds"], again["settings"]["nireq"]) == (60, 3)
    with system.client() as client:
        running = client.post(f"/api/v1/jobs/{new['id']}/retry")
        assert (running.status_code, running.json()["code"]) == (409, "job.not_retryable")
        conversion = client.post(f"/api/v1/jobs/{model['conversion_job_id']}/retry")
        assert (conversion.status_code, conversion.json()["code"]) == (409, "job.not_retryable")
    assert cli(system, "jobs", "cancel", new["id"]).returncode == 0
    refused = cli(system, "jobs", "retry", "benchmark_nope")
    assert refused.returncode != 0 and "not found" in refused.stderr
