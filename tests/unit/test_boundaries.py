"""Package boundaries: services never import each other; the agent stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SERVICES = {"api-gateway": "dlwb_gateway", "model-service": "dlwb_model_service", "profiler-service": "dlwb_profiler",
            "calibration-service": "dlwb_calibration", "target-agent": "dlwb_agent"}
LIBRARIES = {"dlwb_common", "dlwb_service_kit", "dlwb_engine", "dlwb_metrics"}


def imported_packages(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_services_import_only_themselves_and_the_libraries(service: str) -> None:
    package = SERVICES[service]
    ours = {name for name in imported_packages(ROOT / "services" / service / "src") if name.startswith("dlwb_")}
    assert ours <= LIBRARIES | {package}, f"{service} imports {ours - LIBRARIES - {package}}"


def test_the_common_library_needs_no_server_stack() -> None:
    packages = imported_packages(ROOT / "libs" / "dlwb-common" / "src")
    assert not packages & {"fastapi", "sqlalchemy", "alembic", "uvicorn", "openvino", "dlwb_service_kit"}


def test_the_agent_declares_few_dependencies_and_loads_no_server_stack() -> None:
    project = tomllib.loads((ROOT / "services" / "target-agent" / "pyproject.toml").read_text())["project"]
    names = {dep.split(">")[0].split("=")[0].split("[")[0].strip() for dep in project["dependencies"]}
    assert names == {"dlwb-common", "dlwb-engine", "openvino", "numpy", "httpx"}
    probe = ("import sys, dlwb_agent.main; "
             "print(sorted(m for m in ('fastapi','sqlalchemy','alembic','uvicorn','dlwb_service_kit','nncf') "
             "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
