"""The vertical slice through the whole system (real processes): upload → IR → project → benchmark."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx
import pytest

from dlwb_common.messages.jobs import Job, JobStatus
from tests.conftest import RunningSystem

pytestmark = pytest.mark.e2e


def job_events(client: httpx.Client, job_id: str) -> list[Job]:
    """Every job snapshot the gateway streams (SSE) until the job finishes."""
    jobs: list[Job] = []
    with client.stream("GET", f"/api/v1/jobs/{job_id}/events", timeout=httpx.Timeout(60, read=60)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        event = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event == "job":
                jobs.append(Job.model_validate_json(line.split(":", 1)[1]))
                if jobs[-1].status.finished:
                    break
    return jobs


def upload(client: httpx.Client, path, filename: str | None = None) -> httpx.Response:  # type: ignore[no-untyped-def]
    with open(path, "rb") as handle:
        return client.post("/api/v1/models", params={"filename": filename or path.name}, content=handle,
                           headers={"content-type": "application/octet-stream"})


@pytest.fixture(scope="module")
def ready_model(system: RunningSystem) -> dict:
    with system.client() as client:
        response = upload(client, system.tiny_onnx_path)
        assert response.status_code == 202, response.text
        model = response.json()
        assert model["status"] == "converting"
        events = job_events(client, model["conversion_job_id"])
        return {"model": client.get(f"/api/v1/models/{model['id']}").json(), "events": events}


def test_upload_converts_to_fp32_and_fp16_ir_with_live_progress(ready_model: dict) -> None:
    model, events = ready_model["model"], ready_model["events"]
    assert events[-1].status == JobStatus.succeeded
    progress = [job.progress for job in events]
    assert progress == sorted(progress) and progress[-1] == 1.0
    assert any(job.status == JobStatus.running for job in events)
    assert model["status"] == "ready"
    assert {v["precision"] for v in model["variants"]} == {"FP32", "FP16"}
    assert model["inputs"] == [{"name": "data_0", "shape": [1, 3, 224, 224], "element_type": "f32", "layout": None}]
    fp32, fp16 = sorted(model["variants"], key=lambda v: v["precision"], reverse=True)
    assert fp16["size_bytes"] < fp32["size_bytes"]
    analysis = model["analysis"]
    assert analysis["operations"]["Convolution"] == 26 and analysis["parameters"] > 1_000_000
    assert analysis["gflops"] > 0.5 and model["task"] == "classification"


def test_a_model_can_be_renamed_and_given_a_task(system: RunningSystem, ready_model: dict) -> None:
    with system.client() as client:
        url = f"/api/v1/models/{ready_model['model']['id']}"
        changed = client.patch(url, json={"task": "object_detection", "name": "renamed"}).json()
        assert (changed["task"], changed["name"]) == ("object_detection", "renamed")
        assert client.patch(url, json={"task": "astrology"}).json()["code"] == "request.invalid"
        client.patch(url, json={"task": "classification", "name": ready_model["model"]["name"]})


@pytest.fixture(scope="module")
def benchmark(system: RunningSystem, ready_model: dict) -> dict:
    with system.client() as client:
        dataset = client.post("/api/v1/datasets", json={"name": "random", "seed": 3, "count": 4}).json()
        project = client.post("/api/v1/projects", json={
            "model_id": ready_model["model"]["id"], "precision": "FP16", "dataset_id": dataset["id"],
            "target_id": "local", "device": "CPU"})
        assert project.status_code == 201, project.text
        created = client.post(f"/api/v1/projects/{project.json()['id']}/benchmarks",
                              json={"duration_seconds": 2, "hint": "LATENCY"})
        assert created.status_code == 202, created.text
        events = job_events(client, created.json()["id"])
        return {"events": events, "benchmark": client.get(f"/api/v1/benchmarks/{created.json()['id']}").json(),
                "project": project.json()}


def test_benchmark_runs_on_the_agent_and_reports_statistics(benchmark: dict) -> None:
    bench, events = benchmark["benchmark"], benchmark["events"]
    assert events[-1].status == JobStatus.succeeded, events[-1].error
    assert any(job.stage == "measuring" for job in events)
    live = [job.live for job in events if job.live is not None]
    assert live and all(sample.throughput_fps > 0 and sample.latency_median_ms > 0 for sample in live)
    assert [s.elapsed_seconds for s in live] == sorted(s.elapsed_seconds for s in live)
    result = bench["result"]
    latency = result["latency"]
    assert result["count"] == latency["count"] > 10
    assert 2000 <= result["duration_ms"] < 3000
    assert result["throughput_fps"] == pytest.approx(result["count"] / result["duration_ms"] * 1000, rel=1e-6)
    assert latency["min"] <= latency["median"] <= latency["max"]
    assert result["manifest"]["settings"]["hint"] == "LATENCY"
    assert result["manifest"]["compiled_properties"]["PERFORMANCE_HINT"] == "LATENCY"
    assert bench["verdict"].startswith(f"{result['throughput_fps']:,.1f} FPS")


def test_results_are_listed_per_project(system: RunningSystem, benchmark: dict) -> None:
    with system.client() as client:
        listed = client.get(f"/api/v1/projects/{benchmark['project']['id']}/benchmarks").json()
    assert [b["id"] for b in listed["data"]] == [benchmark["benchmark"]["id"]]
    assert listed["data"][0]["result"] == benchmark["benchmark"]["result"]


def test_agent_fetched_the_ir_once_into_its_cache_by_hash(system: RunningSystem, ready_model: dict,
                                                           benchmark: dict) -> None:
    fp16 = next(v for v in ready_model["model"]["variants"] if v["precision"] == "FP16")
    cached = {path.name for path in (system.data_dir / "agent-cache").iterdir()}
    assert {fp16["xml_sha256"], fp16["bin_sha256"]} <= cached


def test_local_target_reports_its_inventory(system: RunningSystem) -> None:
    with system.client() as client:
        target = client.get("/api/v1/targets/local").json()
    assert target["status"] in ("online", "busy")
    assert "CPU" in [d["name"] for d in target["inventory"]["devices"]]
    assert target["inventory"]["openvino_version"]


def cli(system: RunningSystem, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dlwb_cli", "--url", system.url, "--token", system.token, *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_imports_lists_and_benchmarks(system: RunningSystem) -> None:
    imported = cli(system, "models", "import", str(system.tiny_onnx_path), "--name", "from-cli", "--json")
    assert imported.returncode == 0, imported.stderr
    model = json.loads(imported.stdout)
    assert model["status"] == "ready" and model["name"] == "from-cli"
    listed = json.loads(cli(system, "models", "list", "--json").stdout)
    assert model["id"] in [m["id"] for m in listed["data"]]
    run = cli(system, "bench", "run", model["id"], "--duration", "1", "--hint", "THROUGHPUT", "--json")
    assert run.returncode == 0, run.stderr
    bench = json.loads(run.stdout)
    assert bench["job"]["status"] == "succeeded" and bench["result"]["throughput_fps"] > 0
    shown = cli(system, "bench", "show", bench["id"])
    assert shown.returncode == 0 and "FPS" in shown.stdout


def test_cli_exit_codes(system: RunningSystem) -> None:
    assert cli(system, "models", "show", "mdl_missing").returncode == 3
    bad_token = subprocess.run([sys.executable, "-m", "dlwb_cli", "--url", system.url, "--token", "nope", "models",
                                "list"], capture_output=True, text=True, timeout=60)
    assert bad_token.returncode == 3 and "auth.invalid_token" in bad_token.stderr
    unreachable = subprocess.run([sys.executable, "-m", "dlwb_cli", "--url", "http://127.0.0.1:9", "--token", "x",
                                  "models", "list"], capture_output=True, text=True, timeout=60)
    assert unreachable.returncode == 4
    assert cli(system, "bench", "run").returncode == 2  # usage


def test_per_layer_profile_runs_separately_and_adds_up(system: RunningSystem, benchmark: dict) -> None:
    with system.client() as client:
        created = client.post(f"/api/v1/projects/{benchmark['project']['id']}/layer-profiles", json={"niter": 20})
        assert created.status_code == 202, created.text
        assert created.json()["id"].startswith("profile_")
        events = job_events(client, created.json()["id"])
        assert events[-1].status == JobStatus.succeeded, events[-1].error
        run = client.get(f"/api/v1/layer-profiles/{created.json()['id']}").json()
        assert client.get(f"/api/v1/benchmarks/{run['id']}").status_code == 404  # a profile is not a benchmark
    profile = run["profile"]
    executed = [layer for layer in profile["layers"] if layer["status"] == "EXECUTED"]
    # at least what was asked; more only while the mean layer time had not settled, and it says so
    assert profile["iterations"] >= 20 and executed
    assert profile["stop_reason"].startswith(f"{profile['iterations']:,} inferences")
    assert profile["profiled_latency"]["count"] == profile["iterations"] and profile["latency"]["count"] > 0
    assert sum(row["real_time_ms"] for row in profile["by_type"]) == pytest.approx(
        sum(layer["real_time_ms"] for layer in executed))
    assert sum(row["share"] for row in profile["by_precision"]) == pytest.approx(1.0)
    assert "Convolution" in {row["key"] for row in profile["by_type"]}
    names = {node["name"] for node in profile["graph"]["nodes"]}
    assert all(src in names and dst in names for src, dst in profile["graph"]["edges"])
    assert any(layer["original_layers"] for layer in executed)
    assert run["verdict"].startswith(profile["by_type"][0]["key"])


def test_a_layer_profile_shows_the_api_its_manifest_records(system: RunningSystem, ready_model: dict) -> None:
    """The mode is the one that ran, wherever it is shown: settings, result, verdict and the CLI table."""
    shown = cli(system, "bench", "layers", ready_model["model"]["id"], "--niter", "5")
    assert shown.returncode == 0, shown.stderr
    as_json = cli(system, "bench", "layers", ready_model["model"]["id"], "--niter", "5", "--json")
    assert as_json.returncode == 0, as_json.stderr
    run = json.loads(as_json.stdout)
    api = run["profile"]["manifest"]["api"]
    assert run["settings"]["api"] == run["profile"]["api"] == api
    assert f"{api} API" in run["verdict"]
    assert re.search(rf"API\s*│\s*{api}\s", shown.stdout), shown.stdout
    with system.client() as client:
        refused = client.post(f"/api/v1/projects/{run['project_id']}/layer-profiles", json={"api": "async"})
    assert refused.status_code == 422 and refused.json()["code"] == "request.invalid"
    assert "synchronous" in refused.text


def test_cli_exports_in_benchmark_app_field_names(system: RunningSystem, benchmark: dict) -> None:
    exported = cli(system, "bench", "export", benchmark["benchmark"]["id"], "--format", "json")
    assert exported.returncode == 0, exported.stderr
    results = json.loads(exported.stdout)["execution_results"]
    assert results["throughput"] == round(benchmark["benchmark"]["result"]["throughput_fps"], 2)
    assert results["total number of iterations"] == benchmark["benchmark"]["result"]["count"]
    csv_text = cli(system, "bench", "export", benchmark["benchmark"]["id"], "--format", "csv").stdout
    assert "latency (ms);" in csv_text


def test_sweep_streams_points_and_finds_the_sweet_spot(system: RunningSystem, benchmark: dict) -> None:
    project_id = benchmark["project"]["id"]
    with system.client() as client:
        created = client.post(f"/api/v1/projects/{project_id}/sweeps",
                              json={"batches": [1, 2], "streams": [1, 2], "duration_seconds": 0.4})
        assert created.status_code == 202, created.text
        sweep = created.json()
        assert len(sweep["points"]) == 4 and sweep["estimated_seconds"] >= 4 * 0.4
        stages = [job.stage for job in job_events(client, sweep["id"])]
        assert [s for s in stages if s.endswith("done") and s.startswith("point")] == [
            f"point {n}/4 done" for n in range(1, 5)]
        sweep = client.get(f"/api/v1/sweeps/{sweep['id']}").json()
        assert sweep["job"]["status"] == "succeeded"
        assert all(p["status"] == "done" and p["throughput_fps"] > 0 for p in sweep["points"])
        fastest = max(sweep["points"], key=lambda p: p["throughput_fps"])
        assert sweep["sweet_spot"] == fastest["index"] and sweep["verdict"].startswith("Best: ")
        tight = min(p["latency_median_ms"] for p in sweep["points"])
        limited = client.get(f"/api/v1/sweeps/{sweep['id']}", params={"latency_limit_ms": tight}).json()
        assert limited["points"][limited["sweet_spot"]]["latency_median_ms"] <= tight
        assert client.get(f"/api/v1/sweeps/{sweep['id']}",
                          params={"latency_limit_ms": tight / 100}).json()["sweet_spot"] is None
        assert client.get(f"/api/v1/sweeps/{sweep['id']}", params={"latency_limit_ms": 0}).json()[
            "sweet_spot"] == fastest["index"]


def test_sweep_with_an_invalid_point_is_refused(system: RunningSystem, benchmark: dict) -> None:
    with system.client() as client:
        url = f"/api/v1/projects/{benchmark['project']['id']}/sweeps"
        response = client.post(url, json={"nireqs": [1, 2], "api": "sync", "hint": "LATENCY"})
        assert response.status_code == 422 and response.json()["code"] == "sweep.bad_point"
        assert "exactly one infer request" in response.json()["message"]
        assert "pydantic" not in response.json()["message"]
        zero = client.post(url, json={"batches": [0]})
        assert zero.status_code == 422 and zero.json()["code"] == "request.invalid"


def test_cancelling_a_running_sweep_stops_it(system: RunningSystem, benchmark: dict) -> None:
    with system.client() as client:
        sweep = client.post(f"/api/v1/projects/{benchmark['project']['id']}/sweeps",
                            json={"batches": [1], "streams": [1, 2, 3], "duration_seconds": 30}).json()
        cancelled = False
        with client.stream("GET", f"/api/v1/jobs/{sweep['id']}/events", timeout=httpx.Timeout(60, read=60)) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:") or line == "data: {}":
                    continue
                job = Job.model_validate_json(line[5:])
                if not cancelled and job.stage.startswith("point 1/3"):
                    assert client.post(f"/api/v1/jobs/{sweep['id']}/cancel").status_code == 200
                    cancelled = True
                if job.status.finished:
                    break
        final = client.get(f"/api/v1/sweeps/{sweep['id']}").json()
        assert final["job"]["status"] == "cancelled"
        assert [p["status"] for p in final["points"]] == ["pending"] * 3
        assert client.post(f"/api/v1/jobs/{sweep['id']}/cancel").json()["code"] == "job.not_cancellable"
        conversion = client.get("/api/v1/models").json()["data"][0]["conversion_job_id"]
        assert client.post(f"/api/v1/jobs/{conversion}/cancel").status_code == 409


def test_compare_fp32_and_fp16_benchmarks_and_layer_profiles(system: RunningSystem, ready_model: dict,
                                                              benchmark: dict) -> None:
    with system.client() as client:
        dataset = client.post("/api/v1/datasets", json={"name": "cmp"}).json()
        fp32 = client.post("/api/v1/projects", json={"model_id": ready_model["model"]["id"], "precision": "FP32",
                                                      "dataset_id": dataset["id"]}).json()
        fp16_project = benchmark["project"]
        runs = {}
        for name, project in (("a", fp32), ("b", fp16_project)):
            bench = client.post(f"/api/v1/projects/{project['id']}/benchmarks",
                                json={"duration_seconds": 0.5, "hint": "LATENCY"}).json()
            layers = client.post(f"/api/v1/projects/{project['id']}/layer-profiles", json={"niter": 10}).json()
            for run in (bench, layers):
                assert job_events(client, run["id"])[-1].status == JobStatus.succeeded
            runs[name] = (bench["id"], layers["id"])
        speed = client.get("/api/v1/compare", params={"a": runs["a"][0], "b": runs["b"][0]}).json()
        a = client.get(f"/api/v1/benchmarks/{runs['a'][0]}").json()["result"]
        b = client.get(f"/api/v1/benchmarks/{runs['b'][0]}").json()["result"]
        assert speed["throughput_ratio"] == pytest.approx(b["throughput_fps"] / a["throughput_fps"])
        assert speed["a"]["precision"] == "FP32" and speed["b"]["precision"] == "FP16"
        assert speed["verdict"].startswith("B (FP16 on local/CPU) has")
        layers = client.get("/api/v1/compare", params={"a": runs["a"][1], "b": runs["b"][1]}).json()
        assert layers["layers"] and layers["by_type"]
        assert sum(row["delta_ms"] for row in layers["by_type"]) == pytest.approx(
            layers["b"]["layer_time_ms"] - layers["a"]["layer_time_ms"], abs=1e-6)
        deltas = [abs(row["delta_ms"]) for row in layers["layers"]]
        assert deltas == sorted(deltas, reverse=True)
        mixed = client.get("/api/v1/compare", params={"a": runs["a"][0], "b": runs["b"][1]})
        assert mixed.status_code == 422 and mixed.json()["code"] == "compare.mismatch"


def test_cli_sweep_and_compare(system: RunningSystem, ready_model: dict) -> None:
    swept = cli(system, "bench", "sweep", ready_model["model"]["id"], "--streams", "1,2", "--time", "0.3", "--json")
    assert swept.returncode == 0, swept.stderr
    sweep = json.loads(swept.stdout)
    assert [p["status"] for p in sweep["points"]] == ["done", "done"] and sweep["sweet_spot"] in (0, 1)
    runs = [json.loads(cli(system, "bench", "run", ready_model["model"]["id"], "--precision", precision, "--time",
                           "0.3", "--json").stdout)["id"] for precision in ("FP32", "FP16")]
    compared = cli(system, "compare", *runs)
    assert compared.returncode == 0 and "the throughput of A" in compared.stdout
    assert cli(system, "bench", "sweep", ready_model["model"]["id"], "--batch", "x").returncode == 2
