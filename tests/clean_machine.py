"""A second machine, as far as one host allows: its own HOME, caches, temporary and working folders
(outside the repository), the host's bare Python (not the project's virtual environment, nothing on
PYTHONPATH), and only the workbench URLs it is given. The agent gets there by the served install
script alone, so a missing wheel or dependency fails here as it would on a real machine.

pip keeps this host's package index configuration (the user's pip.conf is found through HOME, which
changes here, so it is passed as PIP_CONFIG_FILE): openvino, numpy, nats-py... come from the index a
real machine would use, never from the project's environment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


def bare_python() -> Path:
    """The interpreter the project's virtual environment was made from (no project package in it)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return Path(sys.base_prefix) / "bin" / version


def pip_config_file() -> Path | None:
    if os.environ.get("PIP_CONFIG_FILE"):
        return Path(os.environ["PIP_CONFIG_FILE"])
    config_home = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config"))
    for candidate in (config_home / "pip" / "pip.conf", Path.home() / ".pip" / "pip.conf"):
        if candidate.is_file():
            return candidate
    return None


@dataclass
class CleanMachine:
    root: Path

    def __post_init__(self) -> None:
        for folder in (self.home, self.cache, self.work, self.root / "tmp"):
            folder.mkdir(parents=True, exist_ok=True)

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def work(self) -> Path:
        return self.root / "work"

    @property
    def venv(self) -> Path:
        """Where the install script puts the agent (its default prefix under HOME)."""
        return self.home / ".local" / "share" / "dlwb-agent" / "venv"

    def credentials(self, agent_id: str) -> Path:
        return self.home / ".config" / "dlwb-agent" / f"{agent_id}.json"

    def environment(self) -> dict[str, str]:
        env = {"PATH": SYSTEM_PATH, "HOME": str(self.home), "XDG_CACHE_HOME": str(self.cache),
               "XDG_CONFIG_HOME": str(self.home / ".config"), "TMPDIR": str(self.root / "tmp"),
               "LANG": "C.UTF-8", "PYTHON": str(bare_python()), "PIP_CACHE_DIR": str(self.cache / "pip")}
        env |= {key: value for key, value in os.environ.items() if key.startswith("PIP_")}
        config = pip_config_file()
        if config is not None:
            env["PIP_CONFIG_FILE"] = str(config)
        return env

    def run(self, command: str, log: Path) -> subprocess.Popen[bytes]:
        """Run a shell command line as a user of this machine would paste it (in its own process group)."""
        with log.open("ab") as output:
            return subprocess.Popen(["sh", "-c", command], cwd=self.work, env=self.environment(),
                                    stdout=output, stderr=subprocess.STDOUT, start_new_session=True)

    @staticmethod
    def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
