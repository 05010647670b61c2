"""The services' Dockerfiles and the root .dockerignore, checked without Docker."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.deploy.deploy_support import (
    AGENT_SERVICES,
    HTTP_SERVICES,
    ROOT,
    SERVICES_DIR,
    Dockerfile,
    copy_parts,
    dockerignored,
    exec_form,
    load_project,
    run_commands,
)

PYTHON_BASE = "python:3.11-slim"


def builder_stage(dockerfile: Dockerfile) -> str:
    stages = [stage for stage in dockerfile.stages if dockerfile.uv_syncs(stage)]
    assert len(stages) == 1, f"{dockerfile.path}: expected one stage that runs uv sync, got {stages}"
    return stages[0]


def package_name(folder: str) -> str:
    return load_project(SERVICES_DIR / folder)["project"]["name"]


def test_every_service_has_a_dockerfile(service_folders: list[str], dockerfiles: dict[str, Dockerfile]) -> None:
    assert sorted(dockerfiles) == service_folders
    assert set(service_folders) == set(HTTP_SERVICES) | AGENT_SERVICES, (
        "a service folder was added or removed: tell tests/deploy/deploy_support.py whether it serves HTTP")


def test_multi_stage_on_python_slim(dockerfiles: dict[str, Dockerfile]) -> None:
    for folder, dockerfile in dockerfiles.items():
        assert len(dockerfile.stages) >= 2, f"{folder}: not a multi-stage build"
        assert dockerfile.stages[dockerfile.final_stage] == PYTHON_BASE, f"{folder}: runtime base"
        assert dockerfile.stages[builder_stage(dockerfile)] == PYTHON_BASE, f"{folder}: builder base"


def test_uv_sync_in_two_layers_from_the_lock(dockerfiles: dict[str, Dockerfile]) -> None:
    for folder, dockerfile in dockerfiles.items():
        package = package_name(folder)
        stage = builder_stage(dockerfile)
        syncs = dockerfile.uv_syncs(stage)
        assert len(syncs) == 2, f"{folder}: expected a dependencies layer and a source layer, got {syncs}"
        for flags in syncs:
            assert {"--frozen", "--no-dev"} <= set(flags), f"{folder}: uv sync {flags}"
            assert flags[flags.index("--package") + 1] == package, f"{folder}: uv sync --package {package}"
        assert "--no-install-workspace" in syncs[0], f"{folder}: first layer must skip the workspace packages"
        assert "--no-install-workspace" not in syncs[1], f"{folder}: second layer installs the service"

        # Order in the stage: COPY uv.lock, sync deps, COPY sources, sync again.
        order = []
        for instruction in dockerfile.instructions:
            if instruction.stage != stage:
                continue
            if instruction.keyword == "COPY":
                order.extend(("copy", source) for source in copy_parts(instruction)[1])
            elif instruction.keyword == "RUN" and "uv sync" in instruction.args:
                order.append(("sync", ""))
        first_sync = order.index(("sync", ""))
        before = [source for kind, source in order[:first_sync] if kind == "copy"]
        assert "uv.lock" in before and "pyproject.toml" in before, f"{folder}: copy the lock before uv sync"
        assert not [s for s in before if s.startswith(("libs", "services"))], (
            f"{folder}: the dependency layer must not depend on the source code ({before})")
        after = [source for kind, source in order[first_sync + 1:] if kind == "copy"]
        assert f"services/{folder}" in after, f"{folder}: the service's own folder is not copied"


def test_source_layer_copies_every_workspace_dependency(dockerfiles: dict[str, Dockerfile], workspace_deps,
                                                        workspace_members: dict[str, Path]) -> None:
    for folder, dockerfile in dockerfiles.items():
        stage = builder_stage(dockerfile)
        copied = {source.rstrip("/") for i in dockerfile.of("COPY", stage) for source in copy_parts(i)[1]}
        needed = {str(workspace_members[name].relative_to(ROOT)) for name in workspace_deps(package_name(folder))}
        assert needed <= copied, f"{folder}: the image misses workspace packages {sorted(needed - copied)}"


def test_runtime_stage_runs_as_non_root(dockerfiles: dict[str, Dockerfile]) -> None:
    for folder, dockerfile in dockerfiles.items():
        users = dockerfile.of("USER", dockerfile.final_stage)
        assert users, f"{folder}: no USER in the runtime stage"
        user = users[-1].args.split(":")[0]
        assert user not in ("root", "0"), f"{folder}: runs as root"


def test_cmd_is_the_console_script(dockerfiles: dict[str, Dockerfile], documented_commands: dict[str, str]) -> None:
    for folder, dockerfile in dockerfiles.items():
        scripts = load_project(SERVICES_DIR / folder)["project"].get("scripts", {})
        cmd = dockerfile.of("CMD", dockerfile.final_stage)
        assert cmd, f"{folder}: no CMD"
        command = exec_form(cmd[-1].args)
        assert command is not None and len(command) == 1, f"{folder}: CMD must be [\"<console script>\"]"
        assert command[0] in scripts, f"{folder}: {command[0]} is not a console script of its pyproject"
        assert command[0] == documented_commands[folder], f"{folder}: docs/architecture.md says otherwise"
        assert not dockerfile.of("ENTRYPOINT", dockerfile.final_stage), f"{folder}: unexpected ENTRYPOINT"


def test_expose_and_healthcheck_match_the_documented_port(dockerfiles: dict[str, Dockerfile],
                                                          documented_ports: dict[str, int]) -> None:
    for folder, dockerfile in dockerfiles.items():
        final = dockerfile.final_stage
        exposed = [port for i in dockerfile.of("EXPOSE", final) for port in i.args.split()]
        healthchecks = dockerfile.of("HEALTHCHECK", final)
        if folder in AGENT_SERVICES:
            assert exposed == [], f"{folder}: the agent serves nothing"
            assert all(h.args.strip() == "NONE" for h in healthchecks), f"{folder}: no HTTP to check"
            continue
        port = documented_ports[folder]
        assert exposed == [str(port)], f"{folder}: EXPOSE {exposed}, documented {port}"
        port_var = HTTP_SERVICES[folder]
        assert dockerfile.env(final).get(port_var) == str(port), f"{folder}: ENV {port_var}={port}"
        assert dockerfile.env(final).get("DLWB_HOST") == "0.0.0.0", f"{folder}: must listen on all interfaces"
        assert len(healthchecks) == 1, f"{folder}: one HEALTHCHECK"
        check = healthchecks[0].args
        assert "/healthz" in check, f"{folder}: HEALTHCHECK must probe /healthz"
        assert port_var in check and str(port) in check, f"{folder}: HEALTHCHECK must use port {port}"
        command = exec_form(check[check.index("CMD") + 3:].strip())
        assert command and command[0] == "python", f"{folder}: the slim image has no curl; use python"


def test_dockerfile_env_is_documented(dockerfiles: dict[str, Dockerfile], documented_env: dict[str, str]) -> None:
    for folder, dockerfile in dockerfiles.items():
        for stage in dockerfile.stages:
            for key in dockerfile.env(stage):
                if key.startswith("DLWB_"):
                    assert key in documented_env, f"{folder}: ENV {key} is not in docs/architecture.md"


def test_same_uv_version_everywhere(dockerfiles: dict[str, Dockerfile]) -> None:
    versions = set()
    for folder, dockerfile in dockerfiles.items():
        args = dict(a.args.split("=", 1) for a in dockerfile.of("ARG") if "=" in a.args)
        assert re.fullmatch(r"\d+\.\d+\.\d+", args.get("UV_VERSION", "")), f"{folder}: pin ARG UV_VERSION"
        versions.add(args["UV_VERSION"])
    assert len(versions) == 1, f"Dockerfiles pin different uv versions: {versions}"


def test_gateway_builds_and_ships_the_spa(dockerfiles: dict[str, Dockerfile]) -> None:
    dockerfile = dockerfiles["api-gateway"]
    node_stages = [s for s, image in dockerfile.stages.items() if image.startswith("node:20")]
    assert len(node_stages) == 1, "api-gateway: one node:20 stage builds the SPA"
    spa = node_stages[0]
    workdir = dockerfile.of("WORKDIR", spa)[-1].args
    runs = " && ".join(i.args for i in dockerfile.of("RUN", spa))
    assert "npm ci" in runs and "npm run build" in runs, "api-gateway: npm ci && npm run build"
    assert runs.index("npm ci") < runs.index("npm run build")
    sources = [s for i in dockerfile.of("COPY", spa) for s in copy_parts(i)[1]]
    assert sources and all(s.startswith("frontend/") for s in sources), "api-gateway: build from frontend/"
    assert "frontend/package-lock.json" in sources, "api-gateway: npm ci needs the lock file"
    package = (ROOT / "frontend" / "package.json")
    assert '"build"' in package.read_text(), "frontend/package.json has no build script"

    final = dockerfile.final_stage
    shipped = [copy_parts(i) for i in dockerfile.of("COPY", final) if copy_parts(i)[0].get("from") == spa]
    assert len(shipped) == 1, "api-gateway: copy the built SPA into the runtime stage"
    _, sources, destination = shipped[0]
    assert [s.rstrip("/") for s in sources] == [f"{workdir.rstrip('/')}/dist"], "copy frontend/dist"
    assert dockerfile.env(final).get("DLWB_SPA_DIR") == destination.rstrip("/"), (
        "api-gateway: DLWB_SPA_DIR must point where the SPA is copied")


def test_copy_sources_exist_and_are_not_dockerignored(dockerfiles: dict[str, Dockerfile], ignore_patterns) -> None:
    for folder, dockerfile in dockerfiles.items():
        for instruction in dockerfile.of("COPY"):
            flags, sources, _ = copy_parts(instruction)
            if "from" in flags:
                continue
            for source in sources:
                path = ROOT / source
                assert path.exists(), f"{folder}: COPY {source}: no such file in the repository"
                assert not dockerignored(source, ignore_patterns), f"{folder}: COPY {source} is .dockerignored"
                if path.is_dir():
                    # Every source file of a copied folder (what git would commit) must reach the context.
                    for relative in source_files(source):
                        assert not dockerignored(relative, ignore_patterns), f"{relative} is .dockerignored"


def source_files(folder: str) -> list[str]:
    """Files under ``folder`` that git tracks or would track (not git-ignored), relative to the root."""
    result = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", folder],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    files = [line for line in result.stdout.splitlines() if line]
    assert files, f"git lists no file under {folder}"
    return files


@pytest.mark.parametrize("path", [
    ".git/config", ".venv/bin/python", "frontend/node_modules/react/index.js", "frontend/dist/index.html",
    "libs/dlwb-common/src/dlwb_common/__pycache__/x.pyc", ".env", "deploy/dlwb.env",
    "services/model-service/.venv/lib/x.py", ".dlwb-data/secrets/internal-token",
])
def test_dockerignore_keeps_local_state_and_secrets_out(path: str, ignore_patterns) -> None:
    assert dockerignored(path, ignore_patterns), f"{path} would be sent to the docker daemon"


def test_dockerignore_matcher_sanity(ignore_patterns) -> None:
    """The matcher itself: real sources stay in, so the test above cannot pass by ignoring everything."""
    for path in ("uv.lock", "pyproject.toml", "libs/dlwb-common/pyproject.toml",
                 "services/api-gateway/src/dlwb_gateway/__init__.py", "frontend/package.json"):
        assert not dockerignored(path, ignore_patterns), path


@pytest.mark.parametrize("folder", sorted(set(HTTP_SERVICES) | AGENT_SERVICES))
def test_builder_stage_installs_the_service_from_the_lock(folder: str, dockerfiles: dict[str, Dockerfile], uv: Path,
                                                          tmp_path: Path) -> None:
    """Replay the builder stage's COPY and uv sync steps in a temporary folder, offline (uv's cache).

    This is what `docker build` does in that stage, minus the base image: it proves that the files
    the Dockerfile copies are all uv needs, and that the result has the service's console script.
    """
    dockerfile = dockerfiles[folder]
    stage = builder_stage(dockerfile)
    env = dockerfile.env(stage)
    workdir = Path(dockerfile.of("WORKDIR", stage)[-1].args)
    context = tmp_path / "context"
    context.mkdir()
    venv = tmp_path / "venv"
    run_env = {**os.environ, "UV_OFFLINE": "1", "UV_PYTHON_DOWNLOADS": "never", "UV_COMPILE_BYTECODE": "0",
               "UV_LINK_MODE": "hardlink", "UV_PROJECT_ENVIRONMENT": str(venv), "UV_NO_PROGRESS": "1"}
    run_env.pop("VIRTUAL_ENV", None)
    assert env.get("UV_PROJECT_ENVIRONMENT"), f"{folder}: set UV_PROJECT_ENVIRONMENT in the builder"
    for instruction in dockerfile.instructions:
        if instruction.stage != stage:
            continue
        if instruction.keyword == "COPY":
            flags, sources, destination = copy_parts(instruction)
            assert not flags.get("from"), f"{folder}: the builder copies from the context only"
            # WORKDIR of the stage plays the role of the temporary context folder.
            target = context / (Path(destination).relative_to(workdir) if destination.startswith("/")
                                else Path(destination))
            for source in sources:
                copy_into(ROOT / source, target, into_dir=destination.endswith("/") or len(sources) > 1)
        elif instruction.keyword == "RUN" and "uv sync" in instruction.args:
            for words in run_commands(instruction):
                if words[:2] != ["uv", "sync"]:
                    continue
                result = subprocess.run([str(uv), *words[1:]], cwd=context, env=run_env, capture_output=True,
                                        text=True, timeout=300, check=False)
                assert result.returncode == 0, f"{folder}: uv {' '.join(words[1:])} failed:\n{result.stderr}"
    script = exec_form(dockerfile.of("CMD", dockerfile.final_stage)[-1].args)[0]
    assert (venv / "bin" / script).is_file(), f"{folder}: {script} is not installed by the builder stage"
    project = tomllib.loads((SERVICES_DIR / folder / "pyproject.toml").read_text())
    module = project["project"]["scripts"][script].split(":")[0].split(".")[0]
    installed = list((venv / "lib").glob(f"python3*/site-packages/{module}/__init__.py"))
    assert installed, f"{folder}: {module} is not installed as a package (non-editable) in the builder's venv"


def copy_into(source: Path, target: Path, into_dir: bool) -> None:
    """Docker COPY semantics for the cases the Dockerfiles use: a file, or a folder's contents."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", "node_modules", "dist")
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=ignore)
    else:
        destination = target / source.name if into_dir else target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
