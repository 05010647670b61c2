"""A second machine gets its agent from the workbench alone: the join-token command (as the Targets page,
the CLI and the README show it) run in a clean environment installs the served wheels into a fresh
virtual environment, enrols, starts the agent, and the target runs jobs; after the workbench restarts,
the agent reconnects by itself and takes the next job.

Slow (marked ``slow``): pip installs openvino and the other dependencies into the fresh environment from
the package index, as a real machine would (about two minutes here).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from dlwb_cli.launcher.supervisor import LaunchSettings, System
from dlwb_common.agent_release import WORKBENCH_VERSION, install_command
from dlwb_common.messages.jobs import JobStatus
from tests.api_calls import import_archive
from tests.clean_machine import CleanMachine
from tests.dataset_fixtures import FASHION
from tests.e2e.test_slice import job_events, upload
from tests.support import free_port, tiny_onnx

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

INSTALL_TIMEOUT_SECONDS = 900
ROOT = Path(__file__).parents[2]
FASHION_MODEL = FASHION.parent / "fashion_cnn.onnx"
ACCURACY_CONFIG = {"preprocessing": {"scale": [255.0]}, "adapter": "classification"}


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


@pytest.fixture(scope="module")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    bench = Workbench(tmp_path_factory.mktemp("workbench"))
    bench.start()
    yield bench
    bench.system.stop()


@pytest.fixture(scope="module")
def machine(tmp_path_factory: pytest.TempPathFactory) -> CleanMachine:
    """One second machine for the module: the first test that installs pays for pip, the others reuse it."""
    return CleanMachine(tmp_path_factory.mktemp("machine"))


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


def join_command(workbench: Workbench, agent_id: str) -> str:
    """What ``dlwb targets join --id`` prints: the command alone on stdout."""
    done = subprocess.run([str(Path(sys.executable).with_name("dlwb")), "--url", workbench.system.url,
                           "--token", workbench.system.token, "targets", "join", "--id", agent_id],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def new_token(workbench: Workbench) -> str:
    with workbench.client() as client:
        return client.post("/api/v1/targets/join-tokens", json={}).json()["token"]


def registered(workbench: Workbench, agent_id: str) -> bool:
    """Whether the workbench holds anything of ``agent_id``: a target or a NATS user."""
    users = workbench.settings.data_dir / "nats" / "agents.json"
    with workbench.client() as client:
        target = client.get(f"/api/v1/targets/{agent_id}").status_code != 404
    return target or (users.exists() and agent_id in json.loads(users.read_text()))


def finish(machine: CleanMachine, command: str, log: Path, timeout: float = INSTALL_TIMEOUT_SECONDS) -> int:
    process = machine.run(command, log)
    try:
        return process.wait(timeout=timeout)
    finally:
        machine.stop(process)


def test_an_unreachable_workbench_leaves_nothing_installed_or_registered(workbench: Workbench, machine: CleanMachine,
                                                                        tmp_path: Path) -> None:
    token = new_token(workbench)
    command = install_command(workbench.system.url, "away", token) + f" --server http://127.0.0.1:{free_port()}"
    log = tmp_path / "install.log"
    assert finish(machine, command, log) == 3
    assert "cannot reach the workbench at http://127.0.0.1:" in log.read_text()
    assert not machine.venv.exists() and not machine.credentials("away").exists()
    assert not registered(workbench, "away")


def test_a_bare_machine_installs_the_agent_from_the_workbench_and_keeps_it_after_a_restart(
        workbench: Workbench, machine: CleanMachine, tmp_path: Path) -> None:
    log = tmp_path / "install.log"
    command = join_command(workbench, "remote1")
    with workbench.client() as client:
        api_command = client.post("/api/v1/targets/join-tokens", json={}).json()["command"]
    assert re.fullmatch(rf"curl -fsSL {re.escape(workbench.system.url)}/agent/install\.sh \| sh -s -- "
                        r"--join-token join_\S+ --id remote1", command)
    assert api_command.split("--join-token")[0] == command.split("--join-token")[0]  # the API's, the SPA's
    agent = machine.run(command, log)
    with workbench.client() as client:
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
            before_restart = datetime.fromisoformat(client.get("/api/v1/targets/remote1").json()["last_seen"])
        except BaseException:
            machine.stop(agent)
            raise
    try:
        workbench.restart()
        with workbench.client() as client:
            wait_heard_from(client, agent, log, "remote1", after=before_restart)
            again = run_to_end(client, f"/api/v1/projects/{project['id']}/benchmarks", {"duration_seconds": 0.5})
            assert client.get(f"/api/v1/benchmarks/{again['id']}").json()["result"]["manifest"]["agent_id"] \
                == "remote1"
    finally:
        machine.stop(agent)


def test_accuracy_and_int8_calibration_run_on_the_installed_target_as_on_the_local_one(
        workbench: Workbench, machine: CleanMachine, tmp_path: Path) -> None:
    """Remote = local: the same accuracy run gives the same prediction for every image on both agents, and
    an INT8 calibration compares parent and child on the new target."""
    log = tmp_path / "agent.log"
    agent = machine.run(install_command(workbench.system.url, "remote2", new_token(workbench)), log)
    try:
        with workbench.client() as client:
            wait_heard_from(client, agent, log, "remote2", timeout=INSTALL_TIMEOUT_SECONDS)
            model = upload(client, FASHION_MODEL).json()
            assert job_events(client, model["conversion_job_id"])[-1].status == JobStatus.succeeded
            dataset = import_archive(client, FASHION, "fashion 500").json()
            results = {}
            for target in ("remote2", "local"):
                project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"],
                                                                 "target_id": target}).json()
                assert client.put(f"/api/v1/projects/{project['id']}/accuracy-config",
                                  json=ACCURACY_CONFIG).status_code == 200
                started = client.post(f"/api/v1/projects/{project['id']}/accuracy", json={"infer_precision": "f32"})
                assert started.status_code == 202, started.text
                assert job_events(client, started.json()["job"]["id"])[-1].status == JobStatus.succeeded
                results[target] = client.get(f"/api/v1/accuracy/{started.json()['id']}").json()["result"]
            assert results["remote2"]["manifest"]["agent_id"] == "remote2" and results["remote2"]["samples"] == 500
            assert [image["predicted"] for image in results["remote2"]["images"]] == \
                [image["predicted"] for image in results["local"]["images"]]

            remote = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset["id"],
                                                            "target_id": "remote2"}).json()
            started = client.post("/api/v1/calibrations", json={"project_id": remote["id"], "subset_size": 8,
                                                                "compare_seconds": 1})
            assert started.status_code == 202, started.text
            assert job_events(client, started.json()["job"]["id"])[-1].status == JobStatus.succeeded
            calibration = client.get(f"/api/v1/calibrations/{started.json()['id']}").json()
            report = calibration["report"]
            child = client.get(f"/api/v1/projects/{calibration['child_project_id']}").json()
            assert child["target_id"] == "remote2" and report["throughput_ratio"] > 0
            profiled = {client.get(f"/api/v1/layer-profiles/{run}").json()["project_id"]
                        for run in (report["parent_profile_id"], report["child_profile_id"])}
            assert profiled == {remote["id"], child["id"]}  # both measured on the new target
    finally:
        machine.stop(agent)


@pytest.fixture
def installed(workbench: Workbench, machine: CleanMachine, tmp_path: Path) -> Path:
    """The machine's agent program (installed by the test above, or here when it ran alone)."""
    program = machine.venv / "bin" / "dlwb-agent"
    if not program.exists():
        command = install_command(workbench.system.url, "prep", new_token(workbench)) + " --no-start"
        assert finish(machine, command, tmp_path / "prep.log") == 0, (tmp_path / "prep.log").read_text()
    return program


def enrol_only(machine: CleanMachine, program: Path, workbench: Workbench, agent_id: str,
               token: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), "--id", agent_id, "--server", workbench.system.url, "--join-token", token,
                           "--enrol-only"], capture_output=True, text=True, env=machine.environment(),
                          cwd=machine.work, timeout=120)


def expire(workbench: Workbench, token: str) -> None:
    """Move the token's expiry into the past (the clock cannot be waited out in a test: tokens live >= 60 s)."""
    with sqlite3.connect(workbench.settings.data_dir / "profiler-service.db") as db:
        changed = db.execute("UPDATE join_tokens SET expires_at = '2000-01-01 00:00:00.000000' "
                             "WHERE token_sha256 = ?", (hashlib.sha256(token.encode()).hexdigest(),)).rowcount
    assert changed == 1


def test_bad_join_tokens_and_taken_ids_are_refused_on_the_machine_and_leave_nothing(
        workbench: Workbench, machine: CleanMachine, installed: Path, tmp_path: Path) -> None:
    log = tmp_path / "install.log"
    wrong = install_command(workbench.system.url, "wrong1", "join_" + "x" * 30) + " --no-start"
    assert finish(machine, wrong, log) == 5  # the script's own exit code for a refused enrolment
    assert "the join token is unknown, used or expired; create a new one (enrol.invalid_token)" in log.read_text()
    assert not machine.credentials("wrong1").exists() and not registered(workbench, "wrong1")

    expired = new_token(workbench)
    expire(workbench, expired)
    refused = enrol_only(machine, installed, workbench, "late1", expired)
    assert refused.returncode != 0 and "unknown, used or expired" in refused.stderr
    assert not machine.credentials("late1").exists() and not registered(workbench, "late1")

    token = new_token(workbench)
    assert enrol_only(machine, installed, workbench, "first1", token).returncode == 0
    reused = enrol_only(machine, installed, workbench, "second1", token)
    assert reused.returncode != 0 and "unknown, used or expired" in reused.stderr
    assert not machine.credentials("second1").exists() and not registered(workbench, "second1")

    machine.credentials("first1").unlink()  # now this is another machine that wants the same name
    spare = new_token(workbench)
    taken = enrol_only(machine, installed, workbench, "first1", spare)
    assert taken.returncode != 0 and "an agent named first1 is already enrolled (enrol.id_taken)" in taken.stderr
    assert not machine.credentials("first1").exists()
    assert enrol_only(machine, installed, workbench, "third1", spare).returncode == 0  # the token was not spent


def other_version_wheel(tmp_path: Path) -> tuple[str, Path]:
    """The agent as a release of another major.minor would be: the same code with another version."""
    major, minor = (int(part) for part in WORKBENCH_VERSION.split(".")[:2])
    other = f"{major}.{minor - 1}.0" if minor > 0 else f"{major + 1}.0.0"
    source = tmp_path / "other-agent"
    shutil.copytree(ROOT / "services" / "target-agent", source, ignore=shutil.ignore_patterns("__pycache__"))
    pyproject = (source / "pyproject.toml").read_text()
    pyproject = re.sub(r'(?m)^version = ".*"$', f'version = "{other}"', pyproject)
    (source / "pyproject.toml").write_text(pyproject.split("[tool.uv.sources]")[0] + "[build-system]"
                                           + pyproject.split("[build-system]")[1])
    out = tmp_path / "other-wheel"
    subprocess.run([str(Path(sys.executable).with_name("uv")), "build", "--wheel", "--quiet", "--out-dir", str(out),
                    str(source)], check=True)
    return other, next(out.glob("*.whl"))


def test_an_agent_of_another_version_is_refused_with_the_upgrade_command_which_works(
        workbench: Workbench, machine: CleanMachine, installed: Path, tmp_path: Path) -> None:
    with workbench.client() as client:
        token = client.post("/api/v1/targets/join-tokens", json={}).json()["token"]
    assert enrol_only(machine, installed, workbench, "aged1", token).returncode == 0
    other, wheel = other_version_wheel(tmp_path)
    subprocess.run([str(machine.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--force-reinstall", str(wheel)], env=machine.environment(), check=True, capture_output=True)

    spare = new_token(workbench)
    refused = enrol_only(machine, installed, workbench, "aged2", spare)
    upgrade = install_command(workbench.system.url, "aged2")
    assert refused.returncode != 0, refused.stderr
    assert f"agent aged2 runs version {other} but this workbench is {WORKBENCH_VERSION}: upgrade it on its " \
           f"machine with: {upgrade}" in refused.stderr
    assert not machine.credentials("aged2").exists() and not registered(workbench, "aged2")

    started = subprocess.run([str(installed), "--id", "aged1"], capture_output=True, text=True,
                             env=machine.environment(), cwd=machine.work, timeout=120)  # enrolled, then aged
    assert started.returncode == 3  # not restarted by its systemd unit (RestartPreventExitStatus=3)
    assert f"upgrade it on its machine with: {install_command(workbench.system.url, 'aged1')}" in started.stderr
    with workbench.client() as client:
        assert client.get("/api/v1/targets/aged1").status_code == 404  # refused before its first heartbeat

    log = tmp_path / "upgrade.log"
    agent = machine.run(install_command(workbench.system.url, "aged1"), log)  # the command the message gave
    try:
        with workbench.client() as client:
            wait_heard_from(client, agent, log, "aged1")
        assert enrol_only(machine, installed, workbench, "aged2", spare).returncode == 0  # the spare was not spent
    finally:
        machine.stop(agent)
