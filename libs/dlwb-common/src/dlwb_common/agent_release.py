"""The agent a workbench hands out: its version rule and the one command that installs it.

Every package of the workspace carries the same version (a test checks it), so the workbench's
version is the version of this library, and the agent it serves is that same version. An agent is
compatible when its major.minor equal the workbench's: the messages on the bus may change between
minor versions (0.x), not within one.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from dlwb_common.errors import DlwbError


def installed_version(package: str = "dlwb-common") -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # a source tree on sys.path without metadata
        return "0+unknown"


WORKBENCH_VERSION = installed_version()
INSTALL_SCRIPT_PATH = "/agent/install.sh"


def install_command(server_url: str, agent_id: str | None = "<name>", join_token: str | None = None) -> str:
    """What a user pastes on the remote machine (Linux). Without a join token: reinstall or upgrade an
    agent that is already enrolled there (its saved credentials are kept)."""
    arguments = (f" --join-token {join_token}" if join_token else "") + (f" --id {agent_id}" if agent_id else "")
    return f"curl -fsSL {server_url.rstrip('/')}{INSTALL_SCRIPT_PATH} | sh -s --{arguments}"


def is_compatible(agent_version: str | None, workbench_version: str = WORKBENCH_VERSION) -> bool:
    if not agent_version:
        return False
    return agent_version.split(".")[:2] == workbench_version.split(".")[:2]


class AgentVersionError(DlwbError):
    code = "agent.version_mismatch"
    status = 426  # Upgrade Required


def check_agent_version(agent_version: str | None, agent_id: str, server_url: str) -> None:
    """Refuse an agent of another major.minor, with the command that installs the matching one."""
    if is_compatible(agent_version):
        return
    stated = f"version {agent_version}" if agent_version else "a version it does not state"
    raise AgentVersionError(
        f"agent {agent_id} runs {stated} but this workbench is {WORKBENCH_VERSION}: upgrade it on its machine "
        f"with: {install_command(server_url, agent_id)}")
