"""The agent the workbench hands out: one version for the whole workspace, the compatibility rule, the
install command, and the served install script's own checks (run with sh, before anything is installed)."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import pytest

from dlwb_common.agent_release import (
    WORKBENCH_VERSION,
    AgentVersionError,
    check_agent_version,
    install_command,
    is_compatible,
)
from dlwb_gateway.agent_wheels import Wheel
from dlwb_gateway.routes.agent import render_script

ROOT = Path(__file__).parents[2]


def test_every_workspace_package_has_the_workbench_version() -> None:
    """The agent's version is compared with dlwb-common's: they must be released together."""
    projects = [ROOT / "pyproject.toml", *ROOT.glob("libs/*/pyproject.toml"), *ROOT.glob("services/*/pyproject.toml"),
                ROOT / "cli" / "pyproject.toml"]
    versions = {path.parent.name: tomllib.loads(path.read_text())["project"]["version"] for path in projects}
    assert set(versions.values()) == {WORKBENCH_VERSION}, versions


@pytest.mark.parametrize(("agent", "workbench", "compatible"), [
    ("0.1.0", "0.1.0", True), ("0.1.7", "0.1.0", True), ("0.2.0", "0.1.0", False), ("1.1.0", "0.1.0", False),
    ("0.0.9", "0.1.0", False), (None, "0.1.0", False), ("", "0.1.0", False)])
def test_an_agent_is_compatible_within_one_major_minor(agent: str | None, workbench: str, compatible: bool) -> None:
    assert is_compatible(agent, workbench) is compatible


def test_the_refusal_names_the_upgrade_command() -> None:
    check_agent_version(WORKBENCH_VERSION, "edge", "http://wb.lan:8800")
    with pytest.raises(AgentVersionError) as refused:
        check_agent_version("0.0.1", "edge", "http://wb.lan:8800/")
    assert refused.value.status == 426 and refused.value.code == "agent.version_mismatch"
    assert refused.value.message.endswith("curl -fsSL http://wb.lan:8800/agent/install.sh | sh -s -- --id edge")


def test_install_command_shapes() -> None:
    assert install_command("http://wb:8800", "<name>", "join_t") == \
        "curl -fsSL http://wb:8800/agent/install.sh | sh -s -- --join-token join_t --id <name>"
    assert install_command("http://wb:8800/", "edge") == \
        "curl -fsSL http://wb:8800/agent/install.sh | sh -s -- --id edge"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "install.sh"
    path.write_text(render_script("http://127.0.0.1:9", [Wheel(name="dlwb_agent-0.1.0-py3-none-any.whl",
                                                                sha256="0" * 64, size=1)]))
    return path


@pytest.mark.parametrize(("arguments", "code", "message"), [
    ([], 2, "--id <name> is required"),
    (["--id", "a b"], 2, "--id may hold only letters"),
    (["--id", "x" * 65], 2, "longer than 64"),
    (["--id", "edge", "--bogus"], 2, "unknown option --bogus"),
    (["--id", "edge"], 2, "agent edge is not enrolled on this machine: add --join-token"),
    (["--id", "edge", "--join-token"], 2, "--join-token needs a value"),
    (["--id", "edge", "--join-token", "join_x"], 3, "cannot reach the workbench at http://127.0.0.1:9"),
])
def test_the_install_script_says_what_is_wrong_before_installing_anything(
        script: Path, tmp_path: Path, arguments: list[str], code: int, message: str) -> None:
    home = tmp_path / "home"
    done = subprocess.run(["sh", str(script), *arguments], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(home)})
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert not home.exists() or not any(home.rglob("*"))  # nothing installed
