"""The profiler-service in-process (with a model-service on the bus): projects, targets, join tokens,
enrolment, compare refusals and paging."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from dlwb_common import bus, subjects
from dlwb_common.agent_release import WORKBENCH_VERSION
from dlwb_common.errors import DlwbError
from dlwb_common.messages.agent import AgentHello, AgentInventory, DeviceInfo, Heartbeat, HelloReply
from tests.services.conftest import Service


def test_a_project_with_unknown_parts_is_refused(profiler: Service, peer_model_service: Service) -> None:
    dataset = peer_model_service.client.post("/api/v1/datasets", json={"name": "for-bad-projects"}).json()
    client = profiler.client
    missing_model = client.post("/api/v1/projects", json={"model_id": "mdl_nope", "dataset_id": dataset["id"]})
    assert missing_model.status_code == 422 and missing_model.json()["code"] == "model.not_found"
    for body in ({"dataset_id": dataset["id"]}, {"model_id": "m", "dataset_id": "d", "precision": "FP8"},
                 {"model_id": "m", "dataset_id": "d", "name": "x" * 201}):
        invalid = client.post("/api/v1/projects", json=body)
        assert invalid.status_code == 422 and invalid.json()["code"] == "request.invalid", body
    assert client.get("/api/v1/projects").json() == {"data": [], "count": 0}


@pytest.mark.parametrize(("path", "code"), [
    ("/api/v1/projects/prj_nope", "project.not_found"),
    ("/api/v1/projects/prj_nope/benchmarks", "project.not_found"),
    ("/api/v1/targets/nope", "target.not_found"),
    ("/api/v1/benchmarks/benchmark_nope", None),
    ("/api/v1/sweeps/sweep_nope", None),
    ("/api/v1/jobs/benchmark_nope", "job.not_found"),
])
def test_unknown_resources_are_404(profiler: Service, path: str, code: str | None) -> None:
    response = profiler.client.get(path)
    assert response.status_code == 404, response.text
    assert code is None or response.json()["code"] == code


def test_lists_are_paged_and_checked(profiler: Service) -> None:
    client = profiler.client
    assert client.get("/api/v1/targets").json() == {"data": [], "count": 0}
    assert client.get("/api/v1/projects", params={"skip": 5, "limit": 1}).json() == {"data": [], "count": 0}
    for params in ({"limit": 0}, {"limit": 1001}, {"skip": -1}):
        response = client.get("/api/v1/projects", params=params)
        assert response.status_code == 422 and response.json()["code"] == "request.invalid", params


def test_compare_refuses_unknown_runs_and_missing_ids(profiler: Service) -> None:
    client = profiler.client
    unknown = client.get("/api/v1/compare", params={"a": "benchmark_a", "b": "benchmark_b"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "run.not_found"
    missing = client.get("/api/v1/compare", params={"a": "benchmark_a"})
    assert missing.status_code == 422 and missing.json()["code"] == "request.invalid"


CURRENT = {"agent_version": WORKBENCH_VERSION}


def test_a_join_token_enrols_one_agent_once(profiler: Service) -> None:
    client = profiler.client
    token = client.post("/api/v1/targets/join-tokens", json={"ttl_seconds": 600}).json()
    assert token["token"].startswith("join_") and token["token"] in token["command"]
    enrolled = client.post("/api/v1/enroll", json={"join_token": token["token"], "agent_id": "edge1"} | CURRENT)
    assert enrolled.status_code == 201, enrolled.text
    reply = enrolled.json()
    assert reply["nats_user"] == "agent-edge1" and reply["nats_password"]
    users = json.loads((profiler.data_dir / "nats" / "agents.json").read_text())
    assert users["edge1"].startswith("$2b$") and reply["nats_password"] not in json.dumps(users)
    assert (profiler.data_dir / "nats" / "agents.json").stat().st_mode & 0o077 == 0

    reused = client.post("/api/v1/enroll", json={"join_token": token["token"], "agent_id": "edge2"} | CURRENT)
    assert reused.status_code == 401 and reused.json()["code"] == "enrol.invalid_token"
    fresh = client.post("/api/v1/targets/join-tokens", json={}).json()["token"]
    taken = client.post("/api/v1/enroll", json={"join_token": fresh, "agent_id": "edge1"} | CURRENT)
    assert taken.status_code == 409 and taken.json()["code"] == "enrol.id_taken"
    local = client.post("/api/v1/enroll", json={"join_token": fresh, "agent_id": "local"} | CURRENT)
    assert local.status_code == 409 and local.json()["code"] == "enrol.id_taken"
    forged = client.post("/api/v1/enroll", json={"join_token": "join_" + "x" * 30, "agent_id": "edge3"} | CURRENT)
    assert forged.status_code == 401 and forged.json()["code"] == "enrol.invalid_token"


def test_an_agent_of_another_version_is_refused_with_the_upgrade_command(profiler: Service) -> None:
    client = profiler.client
    token = client.post("/api/v1/targets/join-tokens", json={}).json()["token"]
    major, minor = (int(part) for part in WORKBENCH_VERSION.split(".")[:2])
    for stated in ({"agent_version": f"{major}.{minor + 1}.0"}, {"agent_version": f"{major + 1}.{minor}.0"}, {}):
        refused = client.post("/api/v1/enroll", json={"join_token": token, "agent_id": "old1"} | stated)
        assert refused.status_code == 426 and refused.json()["code"] == "agent.version_mismatch", stated
        assert refused.json()["message"].endswith("/agent/install.sh | sh -s -- --id old1")
    assert client.get("/api/v1/targets/old1").status_code == 404
    users = profiler.data_dir / "nats" / "agents.json"
    assert not users.exists() or "old1" not in json.loads(users.read_text())  # nothing registered, token unspent
    patch = f"{major}.{minor}.{WORKBENCH_VERSION.split('.')[2]}9"
    assert client.post("/api/v1/enroll", json={"join_token": token, "agent_id": "old1",
                                               "agent_version": patch}).status_code == 201


def test_hellos_and_heartbeats_of_another_version_are_refused(profiler: Service) -> None:
    """On the bus: an agent of another major.minor gets the upgrade command in answer to its hello, and its
    heartbeats register nothing, so no run can be sent to it; a heartbeat that states no version (test doubles)
    is accepted."""
    inventory = AgentInventory(hostname="h", os="Linux", cpu="c", cores=1, memory_bytes=1, openvino_version="x",
                               devices=[DeviceInfo(name="CPU")])

    async def talk() -> tuple[HelloReply, DlwbError]:
        nats = profiler.environment.nats
        connection = await bus.connect(nats.url, name="test", user="services", password=nats.services_password)
        try:
            accepted = await bus.request(connection, subjects.agent_out("fresh", "hello"),
                                         AgentHello(agent_id="fresh", agent_version=WORKBENCH_VERSION), HelloReply)
            with pytest.raises(DlwbError) as refused:
                await bus.request(connection, subjects.agent_out("aged", "hello"),
                                  AgentHello(agent_id="aged", agent_version="0.0.1"), HelloReply)
            for agent_id, version in (("aged", "0.0.1"), ("plain", None), ("fresh", WORKBENCH_VERSION)):  # in order
                beat = Heartbeat(agent_id=agent_id, instance="i", inventory=inventory, interval_seconds=60,
                                 agent_version=version)
                await connection.publish(subjects.agent_out(agent_id, "heartbeat"), beat.encode())
            await connection.flush()
            return accepted, refused.value
        finally:
            await connection.close()

    accepted, refused = asyncio.run(talk())
    assert accepted.workbench_version == WORKBENCH_VERSION
    assert refused.code == "agent.version_mismatch" and refused.status == 426
    assert refused.message.endswith("/agent/install.sh | sh -s -- --id aged")
    deadline = time.monotonic() + 30
    while profiler.client.get("/api/v1/targets/fresh").status_code != 200:  # heartbeats are handled in order
        assert time.monotonic() < deadline, "the compatible agent's heartbeat was not recorded"
        time.sleep(0.05)
    assert profiler.client.get("/api/v1/targets/aged").status_code == 404
    assert profiler.client.get("/api/v1/targets/plain").status_code == 200  # states no version: a test double
