"""A new machine's agent enrols with a one-time join token, gets its own NATS user, and runs jobs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.conftest import RunningSystem
from tests.e2e.test_slice import job_events, upload

pytestmark = pytest.mark.e2e


ROOT = Path(__file__).parents[2]


def start_agent(system: RunningSystem, folder: Path, *args: str, python: str = sys.executable,
                agent_id: str = "edge1") -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLWB_")}
    env |= {"DLWB_AGENT_CONFIG_DIR": str(folder / "config"), "DLWB_AGENT_CACHE_DIR": str(folder / "cache"),
            "DLWB_AGENT_HEARTBEAT_SECONDS": "1"}
    return subprocess.Popen([python, "-m", "dlwb_agent", "--id", agent_id, *args], env=env,
                            start_new_session=True)


def wait_online(client: httpx.Client, agent: subprocess.Popen[bytes], target_id: str = "edge1") -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert agent.poll() is None, f"the agent exited with {agent.returncode}"
        response = client.get(f"/api/v1/targets/{target_id}")
        if response.status_code == 200 and response.json()["status"] == "online":
            return response.json()
        time.sleep(0.2)
    raise AssertionError(f"{target_id} never came online")


@pytest.fixture
def agents() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for agent in started:
        agent.terminate()
        agent.wait(timeout=30)


def test_join_token_enrols_an_agent_with_its_own_credentials(system: RunningSystem, tmp_path: Path,
                                                              agents: list) -> None:
    with system.client() as client:
        token = client.post("/api/v1/targets/join-tokens", json={"ttl_seconds": 600}).json()
        assert token["token"] in token["command"]
        agents.append(start_agent(system, tmp_path, "--server", system.url, "--join-token", token["token"]))
        target = wait_online(client, agents[-1])
        assert "CPU" in [d["name"] for d in target["inventory"]["devices"]]

        saved = json.loads((tmp_path / "config" / "edge1.json").read_text())
        assert saved["nats_user"] == "agent-edge1" and (tmp_path / "config" / "edge1.json").stat().st_mode & 0o077 == 0
        users = json.loads((system.data_dir / "nats" / "agents.json").read_text())
        assert users["edge1"].startswith("$2b$") and saved["nats_password"] not in json.dumps(users)
        # a reused token and a taken id are refused: tests/services/test_profiler.py

        model = upload(client, system.tiny_onnx_path).json()
        job_events(client, model["conversion_job_id"])
        dataset = client.post("/api/v1/datasets", json={"name": "edge"}).json()
        project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"],
                                                         "target_id": "edge1"}).json()
        bench = client.post(f"/api/v1/projects/{project['id']}/benchmarks", json={"duration_seconds": 0.5}).json()
        assert job_events(client, bench["id"])[-1].status == JobStatus.succeeded
        result = client.get(f"/api/v1/benchmarks/{bench['id']}").json()["result"]
        assert result["manifest"]["agent_id"] == "edge1"

        agents[-1].terminate()
        agents[-1].wait(timeout=30)
        agents.append(start_agent(system, tmp_path))  # no token: the saved credentials are enough
        wait_online(client, agents[-1])


def test_an_agent_without_credentials_or_with_a_bad_token_says_why(system: RunningSystem, tmp_path: Path) -> None:
    bare = start_agent(system, tmp_path)
    assert bare.wait(timeout=60) != 0
    bad = start_agent(system, tmp_path, "--server", system.url, "--join-token", "join_" + "x" * 30)
    assert bad.wait(timeout=60) != 0
    assert not (tmp_path / "config" / "edge1.json").exists()


def test_the_agent_installs_alone_from_the_lock_and_works(system: RunningSystem, tmp_path: Path,
                                                          agents: list) -> None:
    """What an edge box does: a fresh virtual environment with only the agent (and the light common
    library), pinned by the repository's one lock; no FastAPI, SQLAlchemy or service code."""
    uv = Path(sys.executable).with_name("uv")
    requirements = tmp_path / "agent-requirements.txt"
    subprocess.run([str(uv), "export", "-q", "--frozen", "--package", "dlwb-agent", "--no-dev", "--no-hashes",
                    "--no-emit-workspace", "-o", str(requirements)], cwd=ROOT, check=True)
    venv = tmp_path / "edge-venv"
    subprocess.run([str(uv), "venv", "-q", str(venv), "-p", sys.executable], check=True)
    subprocess.run([str(uv), "pip", "install", "-q", "-r", str(requirements), str(ROOT / "libs" / "dlwb-common"),
                    str(ROOT / "services" / "target-agent")], env=os.environ | {"VIRTUAL_ENV": str(venv)},
                   check=True)
    python = str(venv / "bin" / "python")
    installed = subprocess.run([python, "-c", "import importlib.metadata as m; "
                                "print(sorted(d.metadata['Name'].lower() for d in m.distributions()))"],
                               capture_output=True, text=True, check=True).stdout
    assert "openvino" in installed and "nats-py" in installed
    assert not any(name in installed for name in ("fastapi", "sqlalchemy", "alembic", "uvicorn", "dlwb-service-kit"))
    with system.client() as client:
        token = client.post("/api/v1/targets/join-tokens", json={}).json()["token"]
        agents.append(start_agent(system, tmp_path, "--server", system.url, "--join-token", token, python=python,
                                  agent_id="edge-alone"))
        assert "CPU" in [d["name"] for d in wait_online(client, agents[-1], "edge-alone")["inventory"]["devices"]]
