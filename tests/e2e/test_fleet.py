"""Fleets: the same benchmark on two real agents (the embedded one and an enrolled second process), results
side by side from the REST API and the CLI; devices listed as OpenVINO reports them."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator

import pytest

from dlwb_engine.device_facts import cpu_isa
from tests.conftest import RunningSystem
from tests.e2e.test_enrolment import start_agent, wait_online
from tests.e2e.test_slice import cli, job_events, upload

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def second_agent(system: RunningSystem, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second machine's agent: its own process, id and NATS user (an id per module that uses it: a
    stopped agent's id stays taken)."""
    agent_id = f"edge-{secrets.token_hex(3)}"
    with system.client() as client:
        token = client.post("/api/v1/targets/join-tokens", json={}).json()["token"]
        agent = start_agent(system, tmp_path_factory.mktemp("edge"), "--server", system.url, "--join-token", token,
                            agent_id=agent_id)
        try:
            wait_online(client, agent, agent_id)
            yield agent_id
        finally:
            agent.terminate()
            agent.wait(timeout=30)


@pytest.fixture(scope="module")
def model_and_dataset(system: RunningSystem) -> tuple[str, str]:
    with system.client() as client:
        model = upload(client, system.tiny_onnx_path).json()
        assert job_events(client, model["conversion_job_id"])[-1].status == "succeeded"
        return model["id"], client.post("/api/v1/datasets", json={"name": "fleet"}).json()["id"]


def test_targets_list_their_devices_as_openvino_reports_them(system: RunningSystem, second_agent: str) -> None:
    with system.client() as client:
        target = client.get(f"/api/v1/targets/{second_agent}").json()
    cpu = next(d for d in target["inventory"]["devices"] if d["name"] == "CPU")
    assert cpu["isa"] == cpu_isa() and "FP32" in cpu["precisions"] and "FP32" in cpu["capabilities"]
    assert set(cpu["precisions"]) <= set(cpu["capabilities"]) and "EXPORT_IMPORT" not in cpu["precisions"]
    assert cpu["inference_precision"] in ("f32", "bf16") and cpu["full_name"]
    listed = cli(system, "targets", "list")
    assert listed.returncode == 0, listed.stderr
    assert second_agent in listed.stdout and cpu["isa"] in listed.stdout


def test_a_fleet_run_benchmarks_every_target_side_by_side(system: RunningSystem, second_agent: str,
                                                          model_and_dataset: tuple[str, str]) -> None:
    model_id, dataset_id = model_and_dataset
    with system.client() as client:
        before = client.get("/api/v1/fleet-runs").json()["count"]
        created = client.post("/api/v1/fleet-runs", json={
            "model_id": model_id, "dataset_id": dataset_id, "settings": {"duration_seconds": 0.5},
            "targets": [{"target_id": "local", "device": "CPU"}, {"target_id": second_agent}]})
        assert created.status_code == 202, created.text
        fleet = created.json()
        assert [(m["target_id"], m["device"]) for m in fleet["members"]] == [("local", "CPU"), (second_agent, "CPU")]
        for member in fleet["members"]:
            final = job_events(client, member["job"]["id"])[-1]
            assert final.status == "succeeded", final.error
        fleet = client.get(f"/api/v1/fleet-runs/{fleet['id']}").json()
        assert fleet["status"] == "succeeded" and "is the fastest of 2" in fleet["verdict"]
        for member in fleet["members"]:
            benchmark = client.get(f"/api/v1/benchmarks/{member['benchmark_id']}").json()
            result = benchmark["result"]
            assert result["manifest"]["agent_id"] == member["target_id"]  # it really ran on that agent
            assert member["throughput_fps"] == result["throughput_fps"]
            assert member["latency"]["median"] == result["latency"]["median"]
            assert member["inference_precision"] == result["manifest"]["inference_precision"] == "f32"
            assert member["cpu_isa"] == cpu_isa() and member["openvino_version"] == result["manifest"][
                "openvino_version"]
        assert client.get("/api/v1/fleet-runs").json()["count"] == before + 1


def test_a_fleet_run_with_a_missing_device_or_target_is_refused_and_stores_nothing(
        system: RunningSystem, second_agent: str, model_and_dataset: tuple[str, str]) -> None:
    model_id, dataset_id = model_and_dataset
    with system.client() as client:
        before = client.get("/api/v1/fleet-runs").json()["count"]
        projects = client.get("/api/v1/projects").json()["count"]
        for targets, status, code in (
                ([{"target_id": "local"}, {"target_id": second_agent, "device": "NPU"}], 422, "target.unknown_device"),
                ([{"target_id": "local"}, {"target_id": "nowhere"}], 404, "target.not_found"),
                ([{"target_id": "local"}, {"target_id": "local", "device": "CPU"}], 422, "request.invalid"),
                ([], 422, "request.invalid")):
            response = client.post("/api/v1/fleet-runs", json={"model_id": model_id, "dataset_id": dataset_id,
                                                                "targets": targets})
            assert (response.status_code, response.json()["code"]) == (status, code), targets
        unknown_model = client.post("/api/v1/fleet-runs", json={"model_id": "mdl_nope", "dataset_id": dataset_id,
                                                                 "targets": [{"target_id": "local"}]})
        assert unknown_model.status_code == 422 and unknown_model.json()["code"] == "model.not_found"
        assert client.get("/api/v1/fleet-runs/fleet_nope").json()["code"] == "fleet_run.not_found"
        assert client.get("/api/v1/fleet-runs").json()["count"] == before
        assert client.get("/api/v1/projects").json()["count"] == projects


def test_the_cli_runs_a_fleet_and_shows_a_table_or_json(system: RunningSystem, second_agent: str,
                                                       model_and_dataset: tuple[str, str]) -> None:
    model_id, _ = model_and_dataset
    run = cli(system, "bench", "fleet", model_id, "--target", "local", "--target", f"{second_agent}:CPU",
              "--time", "0.5", "--json")
    assert run.returncode == 0, run.stderr
    fleet = json.loads(run.stdout)
    assert fleet["status"] == "succeeded" and {m["target_id"] for m in fleet["members"]} == {"local", second_agent}
    assert all(m["throughput_fps"] > 0 and m["inference_precision"] == "f32" for m in fleet["members"])
    human = cli(system, "bench", "fleet", model_id, "--target", "local", "--target", second_agent, "--niter", "20")
    assert human.returncode == 0, human.stderr
    assert "is the fastest of 2" in human.stdout and second_agent in human.stdout and "f32" in human.stdout
    refused = cli(system, "bench", "fleet", model_id, "--target", f"{second_agent}:NPU")
    assert refused.returncode == 3 and "target.unknown_device" in refused.stderr
    usage = cli(system, "bench", "fleet", model_id, "--target", ":GPU")
    assert usage.returncode == 2

