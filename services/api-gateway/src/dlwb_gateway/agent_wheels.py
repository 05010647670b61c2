"""The agent's wheels that the gateway hands to new machines: the target-agent and the workspace
libraries it needs, built from this repository.

Two sources. A folder of prebuilt wheels (``DLWB_AGENT_WHEELS_DIR``; container images build them at
image build time) is served as it is. From a checkout, the wheels are built into
``build/agent-wheels/`` (by ``scripts/setup``, else on the first request) and rebuilt whenever the
sources change (a hash of them is kept beside the wheels, as for the SPA).

``python -m dlwb_gateway.agent_wheels [folder]`` builds them (into ``folder`` if given).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from pydantic import BaseModel

from dlwb_common.errors import DlwbError

# The agent and what it needs of the workspace (dlwb-engine needs dlwb-metrics).
PACKAGES = ("libs/dlwb-common", "libs/dlwb-metrics", "libs/dlwb-engine", "services/target-agent")
STAMP = ".built-from"


class WheelsUnavailable(DlwbError):
    code = "agent.wheels_unavailable"
    status = 503


class Wheel(BaseModel):
    name: str
    sha256: str
    size: int


def checkout_root() -> Path | None:
    """The repository this gateway runs from, if it runs from one (an editable install)."""
    root = Path(__file__).resolve().parents[4]
    return root if all((root / package / "pyproject.toml").is_file() for package in PACKAGES) else None


def source_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for package in PACKAGES:
        files = sorted(path for path in (root / package).rglob("*")
                       if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")
        for path in files:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build(root: Path, out_dir: Path) -> None:
    """Build the wheels into a scratch folder, then move them in: readers never see half a wheel."""
    out_dir.mkdir(parents=True, exist_ok=True)
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".agent-wheels-") as scratch:
        for package in PACKAGES:
            source = str(root / package)
            command = ([uv, "build", "--wheel", "--quiet", "--out-dir", scratch, source] if uv else
                       [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", scratch, source])
            done = subprocess.run(command, capture_output=True, text=True, cwd=root)
            if done.returncode != 0:
                raise WheelsUnavailable(f"building the agent's wheel from {package} failed: {done.stderr[-600:]}")
        built = sorted(Path(scratch).glob("*.whl"))
        for stale in out_dir.glob("*.whl"):
            if stale.name not in {wheel.name for wheel in built}:
                stale.unlink()
        for wheel in built:
            wheel.replace(out_dir / wheel.name)


class AgentWheels:
    """The wheels to serve; ``current()`` builds them first when the checkout changed."""

    def __init__(self, prebuilt: Path | None, root: Path | None = None) -> None:
        self.prebuilt = prebuilt
        self.root = root if root is not None else checkout_root()
        self.folder = prebuilt or (self.root / "build" / "agent-wheels" if self.root else None)
        self._lock = threading.Lock()
        self._checked: tuple[str, list[Wheel]] | None = None

    def current(self) -> list[Wheel]:
        """Blocking (it may build for some seconds): call it from a worker thread."""
        if self.folder is None:
            raise WheelsUnavailable("this gateway has no agent wheels: set DLWB_AGENT_WHEELS_DIR to a folder of them "
                                    "(python -m dlwb_gateway.agent_wheels <folder> builds them from the repository)")
        with self._lock:
            if self.prebuilt is None and self.root is not None:
                wanted = source_digest(self.root)
                stamp = self.folder / STAMP
                if not stamp.is_file() or stamp.read_text().strip() != wanted:
                    build(self.root, self.folder)
                    stamp.write_text(wanted + "\n")
                    self._checked = None
                if self._checked is None or self._checked[0] != wanted:
                    self._checked = (wanted, self._describe())
                return self._checked[1]
            return self._describe()

    def _describe(self) -> list[Wheel]:
        assert self.folder is not None
        wheels = [Wheel(name=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), size=path.stat().st_size)
                  for path in sorted(self.folder.glob("*.whl"))]
        if not any(wheel.name.startswith("dlwb_agent-") for wheel in wheels):
            raise WheelsUnavailable(f"no dlwb_agent wheel in {self.folder}")
        return wheels

    def path_of(self, name: str) -> Path | None:
        """The file of a wheel that ``current()`` lists (never any other path)."""
        if self.folder is None or name not in {wheel.name for wheel in self.current()}:
            return None
        return self.folder / name


if __name__ == "__main__":
    source = checkout_root()
    if source is None:
        raise SystemExit("run this from the repository checkout (an editable install)")
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    wheels = AgentWheels(target) if target else AgentWheels(None, source)
    if target:
        build(source, target)
    print("\n".join(f"{wheel.name} {wheel.sha256}" for wheel in wheels.current()))
