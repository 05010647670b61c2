"""Faults against real processes: an agent killed mid-job, a restarted nats-server, a crashed service."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from dlwb_cli.launcher.healing import RestartPolicy, supervise
from dlwb_cli.launcher.supervisor import LaunchSettings, System
from dlwb_common.messages.jobs import Job, JobStatus
from dlwb_profiler.config import ProfilerSettings
from tests.conftest import launch
from tests.e2e.test_slice import job_events, upload
from tests.support import tiny_onnx

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def own_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    system = launch(tmp_path_factory.mktemp("faults"))
    yield system
    system.stop()


@pytest.fixture(scope="module")
def client(own_system: System) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=own_system.url, headers={"authorization": f"Bearer {own_system.token}"},
                      timeout=60) as http:
        yield http


@pytest.fixture(scope="module")
def project_id(client: httpx.Client) -> str:
    model = upload(client, tiny_onnx()).json()
    job_events(client, model["conversion_job_id"])
    dataset = client.post("/api/v1/datasets", json={"name": "random"}).json()
    return client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"]}).json()["id"]


def wait_for_target(client: httpx.Client, status: str, timeout: float = 40) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        target = client.get("/api/v1/targets/local").json()
        if target["status"] == status:
            return target
        time.sleep(0.1)
    raise AssertionError(f"target never became {status}")


def test_agent_killed_mid_job_fails_the_job_after_the_grace_period_and_reregisters(
        own_system: System, client: httpx.Client, project_id: str) -> None:
    before = wait_for_target(client, "online")
    bench = client.post(f"/api/v1/projects/{project_id}/benchmarks", json={"duration_seconds": 120}).json()
    killed_at = None
    with client.stream("GET", f"/api/v1/jobs/{bench['id']}/events", timeout=httpx.Timeout(60, read=60)) as stream:
        for line in stream.iter_lines():
            if killed_at is None and '"stage":"measuring"' in line.replace(" ", ""):
                own_system.child("target-agent").process.send_signal(signal.SIGKILL)
                killed_at = time.monotonic()
            if '"status":"failed"' in line.replace(" ", ""):
                break
    noticed_after = time.monotonic() - killed_at
    job = client.get(f"/api/v1/jobs/{bench['id']}").json()
    assert job["status"] == JobStatus.failed and job["error"]["code"] == "agent.lost"
    grace = ProfilerSettings().agent_lost_after_seconds  # the job must fail after the grace period (+ one sweep)
    assert noticed_after < grace + 2.0, noticed_after
    assert "no heartbeat" in job["error"]["message"]

    own_system.restart("target-agent")
    after = wait_for_target(client, "online")
    assert after["last_seen"] > before["last_seen"]
    retry = client.post(f"/api/v1/projects/{project_id}/benchmarks", json={"duration_seconds": 0.5}).json()
    assert job_events(client, retry["id"])[-1].status == JobStatus.succeeded


def test_agent_stopped_mid_run_fails_it_as_stopped_not_cancelled_and_retry_runs_it(
        own_system: System, client: httpx.Client, project_id: str) -> None:
    wait_for_target(client, "online")
    bench = client.post(f"/api/v1/projects/{project_id}/benchmarks", json={"duration_seconds": 120}).json()
    stopped = False
    with client.stream("GET", f"/api/v1/jobs/{bench['id']}/events", timeout=httpx.Timeout(60, read=60)) as stream:
        for line in stream.iter_lines():
            if not stopped and '"stage":"measuring"' in line.replace(" ", ""):
                agent = own_system.child("target-agent").process
                agent.send_signal(signal.SIGTERM)
                agent.wait(timeout=30)
                stopped = True
            if '"status":"failed"' in line.replace(" ", "") or '"status":"cancelled"' in line.replace(" ", ""):
                break
    job = client.get(f"/api/v1/jobs/{bench['id']}").json()
    assert (job["status"], job["error"]["code"]) == ("failed", "agent.stopped"), job
    own_system.restart("target-agent")
    wait_for_target(client, "online")
    retried = client.post(f"/api/v1/jobs/{bench['id']}/retry")
    assert retried.status_code == 202, retried.text
    assert client.get(f"/api/v1/benchmarks/{retried.json()['id']}").json()["settings"]["duration_seconds"] == 120
    assert client.post(f"/api/v1/jobs/{retried.json()['id']}/cancel").status_code == 200


def test_services_and_agent_survive_a_nats_restart(own_system: System, client: httpx.Client,
                                                  project_id: str) -> None:
    nats = own_system.child("nats-server").process
    nats.send_signal(signal.SIGTERM)
    nats.wait(timeout=30)
    own_system.restart("nats-server")
    wait_for_target(client, "online")
    bench = client.post(f"/api/v1/projects/{project_id}/benchmarks", json={"duration_seconds": 0.5})
    assert bench.status_code == 202, bench.text
    assert job_events(client, bench.json()["id"])[-1].status == JobStatus.succeeded
    assert [child.name for child in own_system.children if child.process.poll() is not None] == []


def test_benchmark_queued_while_the_agent_is_away_runs_when_it_returns(own_system: System, client: httpx.Client,
                                                                       project_id: str) -> None:
    agent = own_system.child("target-agent").process
    agent.send_signal(signal.SIGTERM)
    agent.wait(timeout=30)
    wait_for_target(client, "offline")
    bench = client.post(f"/api/v1/projects/{project_id}/benchmarks", json={"duration_seconds": 0.5}).json()
    deadline = time.monotonic() + 10
    waiting = "1st in line on local (offline: waiting for its agent)"
    while client.get(f"/api/v1/jobs/{bench['id']}").json()["stage"] != waiting:
        assert time.monotonic() < deadline, "the job never said it waits for the target"
        time.sleep(0.1)
    own_system.restart("target-agent")
    assert job_events(client, bench["id"])[-1].status == JobStatus.succeeded


def test_profiler_restarted_mid_sweep_loses_no_point(own_system: System, client: httpx.Client,
                                                      project_id: str) -> None:
    wait_for_target(client, "online")
    sweep = client.post(f"/api/v1/projects/{project_id}/sweeps",
                        json={"streams": [1, 2, 3], "duration_seconds": 1.5}).json()
    restarted = False
    with client.stream("GET", f"/api/v1/jobs/{sweep['id']}/events", timeout=httpx.Timeout(60, read=60)) as stream:
        for line in stream.iter_lines():
            if not line.startswith("data:") or line == "data: {}":
                continue
            job = Job.model_validate_json(line[5:])
            if not restarted and job.stage.startswith("point 1/3"):
                profiler = own_system.child("profiler-service").process
                profiler.send_signal(signal.SIGKILL)
                profiler.wait(timeout=10)
                own_system.restart("profiler-service")
                restarted = True
            if job.status.finished:
                break
    final = client.get(f"/api/v1/sweeps/{sweep['id']}").json()
    assert restarted and final["job"]["status"] == "succeeded", final["job"]["error"]
    assert [p["status"] for p in final["points"]] == ["done"] * 3


def test_a_crashed_service_is_started_again_and_the_rest_keeps_running(own_system: System,
                                                                       client: httpx.Client) -> None:
    lines: list[str] = []
    stop = threading.Event()
    healer = threading.Thread(target=supervise, args=(own_system, lines.append, stop), daemon=True)
    healer.start()
    try:
        others = {child.name: child.process.pid for child in own_system.children if child.name != "model-service"}
        own_system.child("model-service").process.send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 60
        while True:
            try:
                if client.get("/api/v1/models").status_code == 200 and any("started again" in line for line in lines):
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, lines
            time.sleep(0.1)
    finally:
        stop.set()
        healer.join()
    assert {child.name: child.process.pid for child in own_system.children if child.name != "model-service"} == others
    assert any(line.startswith("model-service exited unexpectedly (code -9)") for line in lines), lines


def test_the_data_directory_is_private_to_the_user(own_system: System) -> None:
    stored = [path for path in own_system.settings.data_dir.rglob("*") if path.suffix in (".db", ".json", ".conf")
              or path.parent.name == "secrets"]
    assert any(path.suffix == ".db" for path in stored), stored
    loose = {str(path): oct(path.stat().st_mode & 0o777) for path in stored if path.stat().st_mode & 0o077}
    assert loose == {}


def test_a_process_that_keeps_crashing_is_given_up_on(tmp_path) -> None:
    system = System(LaunchSettings(data_dir=tmp_path))
    system.spawn("crasher", [sys.executable, "-c", "raise SystemExit(3)"], {})
    lines: list[str] = []
    policy = RestartPolicy(first_delay=0.01, burst=3, window=60)
    assert supervise(system, lines.append, threading.Event(), policy, every=0.01) is False
    assert sum("starting it again" in line for line in lines) == 3
    assert lines[-1].startswith("crasher exited (code 3) 4 times within 60 s; giving up")
    system.stop()
