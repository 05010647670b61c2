"""A second machine gets its agent from the workbench alone: the join-token command (as the Targets page,
the CLI and the README show it) run in a clean environment installs the served wheels into a fresh
virtual environment, enrols, starts the agent, and the target runs jobs; after the workbench restarts,
the agent reconnects by itself and takes the next job.

Slow (marked ``slow``): pip installs openvino and the other dependencies into the fresh environment from
the package index, as a real machine would (about two minutes here).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from dlwb_cli.launcher.supervisor import LaunchSettings, System
from dlwb_common.messages.jobs import JobStatus
from tests.clean_machine import CleanMachine
from tests.e2e.test_slice import job_events, upload
from tests.support import free_port, tiny_onnx

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

INSTALL_TIMEOUT_SECONDS = 900


class Workbench:
    """The whole system on fixed ports, so that it can stop and start again where agents expect it."""

    def __init__(self, data_dir: Path) -> None:
        self.settings = LaunchSettings(data_dir=data_dir, nats_port=free_port(), gateway_port=free_port(),
                                       model_port=free_port(), profiler_port=free_port(),
                                       calibration_port=free_port(), log_level="WARNING")
        self.system = System(self.settings)

    def start(self) -> None:
        self.system = System(self.settings)
        try:
            self.system.start(lambda _line: None)
        except BaseException:
            self.system.stop()
            raise

    def restart(self) -> None:
        self.system.stop()
        self.start()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.system.url, headers={"authorization": f"Bearer {self.system.token}"},
                            timeout=60)


@pytest.fixture
def workbench(tmp_path: Path) -> Iterator[Workbench]:
    bench = Workbench(tmp_path / "workbench")
    bench.start()
    yield bench
    bench.system.stop()


def wait_heard_from(client: httpx.Client, agent: subprocess.Popen[bytes], log: Path, target_id: str,
                    after: datetime | None = None, timeout: float = 120) -> dict:
    """The target, once online by a heartbeat later than ``after``; fails as soon as the agent exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if agent.poll() is not None:
            raise AssertionError(f"the install command exited with {agent.returncode}:\n{log.read_text()[-3000:]}")
        response = client.get(f"/api/v1/targets/{target_id}")
        if response.status_code == 200 and response.json()["status"] == "online":
            target = response.json()
            if after is None or datetime.fromisoformat(target["last_seen"]) > after:
                return target
        time.sleep(0.5)
    raise AssertionError(f"{target_id} never came online:\n{log.read_text()[-3000:]}")


def installed_distributions(python: Path) -> set[str]:
    listing = subprocess.run([str(python), "-c", "import importlib.metadata as m; "
                              "print('\\n'.join(d.metadata['Name'].lower() for d in m.distributions()))"],
                             capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    return set(listing.split())


def run_to_end(client: httpx.Client, path: str, settings: dict) -> dict:
    created = client.post(path, json=settings)
    assert created.status_code == 202, created.text
    final = job_events(client, created.json()["id"])[-1]
    assert final.status == JobStatus.succeeded, final.error
    return created.json()


def test_a_bare_machine_installs_the_agent_from_the_workbench_and_keeps_it_after_a_restart(
        workbench: Workbench, tmp_path: Path) -> None:
    machine = CleanMachine(tmp_path / "machine")
    log = tmp_path / "install.log"
    with workbench.client() as client:
        join = client.post("/api/v1/targets/join-tokens", json={}).json()
        assert join["command"] == (f"curl -fsSL {workbench.system.url}/agent/install.sh | sh -s -- "
                                   f"--join-token {join['token']} --id <name>")
        agent = machine.run(join["command"].replace("<name>", "remote1"), log)
        try:
            target = wait_heard_from(client, agent, log, "remote1", timeout=INSTALL_TIMEOUT_SECONDS)
            assert "CPU" in [device["name"] for device in target["inventory"]["devices"]]
            installed = installed_distributions(machine.venv / "bin" / "python")
            assert {"dlwb-agent", "dlwb-common", "dlwb-engine", "openvino", "nats-py"} <= installed
            assert not installed & {"fastapi", "sqlalchemy", "uvicorn", "dlwb-service-kit", "dlwb-profiler"}
            assert "include-system-site-packages = false" in (machine.venv / "pyvenv.cfg").read_text()
            assert machine.credentials("remote1").stat().st_mode & 0o077 == 0

            model = upload(client, tiny_onnx()).json()
            job_events(client, model["conversion_job_id"])
            dataset = client.post("/api/v1/datasets", json={"name": "remote"}).json()
            project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"],
                                                             "target_id": "remote1"}).json()
            bench = run_to_end(client, f"/api/v1/projects/{project['id']}/benchmarks", {"duration_seconds": 0.5})
            assert client.get(f"/api/v1/benchmarks/{bench['id']}").json()["result"]["manifest"]["agent_id"] \
                == "remote1"
            profile = run_to_end(client, f"/api/v1/projects/{project['id']}/layer-profiles", {"niter": 20})
            assert client.get(f"/api/v1/layer-profiles/{profile['id']}").json()["profile"]["layers"]

            restarted_at = datetime.fromisoformat(client.get("/api/v1/targets/remote1").json()["last_seen"])
        except BaseException:
            machine.stop(agent)
            raise
    try:
        workbench.restart()
        with workbench.client() as client:
            wait_heard_from(client, agent, log, "remote1", after=restarted_at)
            again = run_to_end(client, f"/api/v1/projects/{project['id']}/benchmarks", {"duration_seconds": 0.5})
            assert client.get(f"/api/v1/benchmarks/{again['id']}").json()["result"]["manifest"]["agent_id"] \
                == "remote1"
    finally:
        machine.stop(agent)
