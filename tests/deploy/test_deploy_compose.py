"""docker-compose.yml, parsed with PyYAML and cross-checked against the repository (no Docker needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.deploy.deploy_support import (
    AGENT_SERVICES,
    HTTP_SERVICES,
    NATS_CONF,
    POSTGRES_INIT,
    ROOT,
    SECRET_WORDS,
    SERVICE_DATABASES,
    SERVICE_URL_VARS,
    Dockerfile,
    Var,
    compose_env,
    init_sql_databases,
    init_sql_env_vars,
    nats_users,
)

TOP_LEVEL = {"name", "services", "volumes", "networks", "secrets", "configs"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}")
REQUIRED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):\?[^}]+\}")


def interpolations(node: Any) -> list[tuple[str, str]]:
    """(variable, rest) of every ${...} in the parsed file's keys and values (comments excluded)."""
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in interpolations(key) + interpolations(value)]
    if isinstance(node, list):
        return [found for item in node for found in interpolations(item)]
    return INTERPOLATION.findall(node) if isinstance(node, str) else []


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    value = service.get("depends_on") or {}
    if isinstance(value, list):
        return dict.fromkeys(value, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in value.items()}


def volume_entries(service: dict[str, Any]) -> list[tuple[str, str]]:
    """(source, target) of every volume of a service, short or long syntax."""
    entries = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            entries.append((volume.get("source", ""), volume["target"]))
        else:
            parts = volume.split(":")
            entries.append((parts[0], parts[1]) if len(parts) > 1 else ("", parts[0]))
    return entries


def test_top_level_structure(compose: dict[str, Any]) -> None:
    unknown = {key for key in compose if not key.startswith("x-")} - TOP_LEVEL
    assert not unknown, f"unknown top-level keys: {unknown}"
    assert "version" not in compose, "the version key is obsolete"
    for name, service in services(compose).items():
        assert isinstance(service, dict), name
        assert "image" in service or "build" in service, f"{name}: neither image nor build"


def test_every_service_folder_is_built_by_compose(compose: dict[str, Any], service_folders: list[str]) -> None:
    for folder in service_folders:
        service = services(compose).get(folder)
        assert service is not None, f"docker-compose.yml has no service {folder}"
        assert service.get("build", {}).get("context") == ".", f"{folder}: build from the repository root"
        assert service["build"].get("dockerfile") == f"services/{folder}/Dockerfile", folder
        assert service.get("image") == f"dlwb/{folder}:latest", f"{folder}: image dlwb/{folder}:latest"


def test_build_contexts_and_dockerfiles_exist(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        build = service.get("build")
        if build is None:
            continue
        if isinstance(build, str):
            build = {"context": build}
        context = (ROOT / build.get("context", ".")).resolve()
        assert context.is_dir(), f"{name}: no build context {context}"
        dockerfile = context / build.get("dockerfile", "Dockerfile")
        assert dockerfile.is_file(), f"{name}: no Dockerfile {dockerfile}"


def test_depends_on_targets_exist_and_are_healthy_when_required(compose: dict[str, Any],
                                                                dockerfiles: dict[str, Dockerfile]) -> None:
    for name, service in services(compose).items():
        for target, condition in depends_on(service).items():
            assert target in services(compose), f"{name} depends on unknown service {target}"
            assert condition in CONDITIONS, f"{name} -> {target}: bad condition {condition}"
            if condition == "service_healthy":
                check = services(compose)[target].get("healthcheck")
                image_check = target in dockerfiles and any(
                    i.args.strip() != "NONE" for i in dockerfiles[target].of("HEALTHCHECK"))
                assert (check and not check.get("disable")) or image_check, (
                    f"{name} waits for {target} to be healthy, but {target} has no health check")


def test_depends_on_has_no_cycle(compose: dict[str, Any]) -> None:
    graph = {name: set(depends_on(service)) for name, service in services(compose).items()}
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in visiting, f"depends_on cycle: {' -> '.join([*path, node])}"
        if node in done:
            return
        visiting.add(node)
        for target in graph.get(node, ()):
            visit(target, [*path, node])
        visiting.discard(node)
        done.add(node)

    for node in graph:
        visit(node, [])


def test_start_order(compose: dict[str, Any]) -> None:
    """Each service waits for what it needs at start: NATS, PostgreSQL, and the gateway for its upstreams."""
    for folder in HTTP_SERVICES:
        needs = depends_on(services(compose)[folder])
        assert needs.get("nats") == "service_healthy", f"{folder}: wait for a healthy nats"
        if folder in SERVICE_DATABASES:
            assert needs.get("postgres") == "service_healthy", f"{folder}: wait for a healthy postgres"
    gateway = depends_on(services(compose)["api-gateway"])
    for upstream in SERVICE_URL_VARS:
        assert gateway.get(upstream) == "service_healthy", f"api-gateway: wait for {upstream}"
    for agent in AGENT_SERVICES:
        assert depends_on(services(compose)[agent]).get("nats") == "service_healthy", agent


def test_volumes_are_declared_and_bind_sources_exist(compose: dict[str, Any]) -> None:
    declared = set(compose.get("volumes") or {})
    used = set()
    for name, service in services(compose).items():
        for source, target in volume_entries(service):
            assert target.startswith("/"), f"{name}: volume target {target} is not absolute"
            if source.startswith((".", "/")):
                assert (ROOT / source).exists(), f"{name}: bind mount source {source} does not exist"
            elif source:
                assert source in declared, f"{name}: volume {source} is not declared under volumes:"
                used.add(source)
    assert declared == used, f"declared volumes nobody uses: {declared - used}"


def test_only_the_gateway_publishes_a_port_on_loopback(compose: dict[str, Any],
                                                       documented_ports: dict[str, int]) -> None:
    published = {name: service["ports"] for name, service in services(compose).items() if service.get("ports")}
    assert set(published) == {"api-gateway"}, f"only api-gateway may publish ports, not {set(published)}"
    for port in published["api-gateway"]:
        if isinstance(port, dict):
            host_ip, target = port.get("host_ip"), port.get("target")
        else:
            parts = str(port).split(":")
            assert len(parts) == 3, f"api-gateway: publish as 127.0.0.1:<host>:<container>, not {port}"
            host_ip, target = parts[0], parts[2]
        assert host_ip == "127.0.0.1", f"api-gateway: bind 127.0.0.1 only, not {host_ip}"
        assert int(target) == documented_ports["api-gateway"], f"api-gateway: container port {target}"
    for name, service in services(compose).items():
        assert service.get("network_mode") != "host", f"{name}: network_mode host publishes every port"


def test_env_names_are_documented(compose: dict[str, Any], documented_env: dict[str, str]) -> None:
    for name, service in services(compose).items():
        for key in compose_env(service):
            if key.startswith("DLWB_"):
                assert key in documented_env, f"{name}: {key} is not in docs/architecture.md"
    for variable, _ in interpolations(compose):
        if variable.startswith("DLWB_"):
            assert variable in documented_env, f"${{{variable}}} is not in docs/architecture.md"


def test_services_listen_on_all_interfaces_at_their_documented_port(compose: dict[str, Any],
                                                                    documented_ports: dict[str, int]) -> None:
    for folder, port_var in HTTP_SERVICES.items():
        service = services(compose)[folder]
        env = compose_env(service)
        assert env.get("DLWB_HOST") == "0.0.0.0", f"{folder}: DLWB_HOST=0.0.0.0 inside the container"
        assert env.get(port_var) == str(documented_ports[folder]), f"{folder}: {port_var}"
        test = " ".join(service.get("healthcheck", {}).get("test", []))
        assert f"127.0.0.1:{documented_ports[folder]}/" in test and ("/readyz" in test or "/healthz" in test), (
            f"{folder}: the health check must probe its own port")


def test_urls_point_at_compose_services(compose: dict[str, Any], documented_ports: dict[str, int]) -> None:
    gateway = compose_env(services(compose)["api-gateway"])
    for folder, variable in SERVICE_URL_VARS.items():
        url = urlsplit(gateway[variable])
        assert (url.hostname, url.port) == (folder, documented_ports[folder]), f"api-gateway: {variable}"
    public = urlsplit(compose_env(services(compose)["model-service"])["DLWB_PUBLIC_URL"])
    assert (public.hostname, public.port) == ("api-gateway", documented_ports["api-gateway"])
    for name, service in services(compose).items():
        env = compose_env(service)
        for variable in ("DLWB_NATS_URL", "DLWB_AGENT_NATS_URL"):
            if variable in env:
                url = urlsplit(env[variable])
                assert (url.scheme, url.hostname, url.port) == ("nats", "nats", 4222), f"{name}: {variable}"
    for folder in HTTP_SERVICES:
        assert "DLWB_NATS_URL" in compose_env(services(compose)[folder]), f"{folder}: DLWB_NATS_URL"


def test_database_urls_match_init_sql(compose: dict[str, Any]) -> None:
    databases = init_sql_databases()
    assert set(databases) == {db for _, db in SERVICE_DATABASES.values()}, "init.sql creates other databases"
    for folder, (variable, database) in SERVICE_DATABASES.items():
        url = compose_env(services(compose)[folder]).get(variable)
        assert url, f"{folder}: {variable} is not set"
        assert url.startswith("postgresql+psycopg://"), f"{folder}: {variable} must use psycopg (v3)"
        match = re.fullmatch(r"postgresql\+psycopg://(\w+):(\$\{[^}]+\})@postgres:5432/(\w+)", url)
        assert match, f"{folder}: {variable}={url}"
        role, password, name = match.groups()
        assert name == database and databases[name] == role, f"{folder}: connect as the owner of {database}"
        assert REQUIRED.fullmatch(password), f"{folder}: the database password must be a required variable"
    postgres_env = compose_env(services(compose)["postgres"])
    missing = init_sql_env_vars() - set(postgres_env)
    assert not missing, f"postgres: init.sql reads {missing}, which compose does not pass"
    for folder, (variable, _) in SERVICE_DATABASES.items():
        url_var = REQUIRED.search(compose_env(services(compose)[folder])[variable]).group(1)
        role_var = [k for k, v in postgres_env.items() if REQUIRED.fullmatch(v or "") and
                    REQUIRED.fullmatch(v).group(1) == url_var]
        assert role_var and role_var[0] in init_sql_env_vars(), (
            f"{folder}: the password in {variable} is not the one init.sql gives the role")


def test_secrets_are_required_variables_never_constants(compose: dict[str, Any]) -> None:
    for name, service in services(compose).items():
        for key, value in compose_env(service).items():
            if any(word in key for word in SECRET_WORDS):
                assert value is not None and REQUIRED.fullmatch(value), (
                    f"{name}: {key} must be a required variable ${{VAR:?message}}, not {value!r}")
    for variable, rest in interpolations(compose):
        assert rest.startswith(":?"), f"${{{variable}{rest}}}: secrets and settings here must be required"


def test_env_example_documents_exactly_the_variables(compose: dict[str, Any], env_example: dict[str, str]) -> None:
    used = {variable for variable, _ in interpolations(compose)}
    assert set(env_example) == used, (
        f"deploy/.env.example and docker-compose.yml disagree: missing {used - set(env_example)}, "
        f"unused {set(env_example) - used}")
    filled = {key for key, value in env_example.items() if value}
    assert not filled, f"deploy/.env.example must not carry values (they would be known secrets): {filled}"
    gitignore = (ROOT / ".gitignore").read_text().split()
    assert ".env" in gitignore, ".env (the filled copy) must be git-ignored"


def test_nats_service(compose: dict[str, Any], nats_conf: dict[str, Any]) -> None:
    nats = services(compose)["nats"]
    assert nats["image"] == "nats:2.10-alpine"
    mounts = dict(volume_entries(nats))
    conf_target = mounts.get("./" + NATS_CONF.relative_to(ROOT).as_posix(), "")
    assert conf_target, "nats: mount ./deploy/nats/nats.conf"
    assert any(f":{conf_target}:ro" in v for v in nats["volumes"] if isinstance(v, str)), "mount it read-only"
    command = [*nats.get("entrypoint", []), *nats.get("command", [])]
    assert conf_target in command, f"nats: start with --config {conf_target}"
    store = nats_conf["jetstream"]["store_dir"]
    assert any(source and not source.startswith(".") and target == store for source, target in mounts.items()), (
        f"nats: JetStream store_dir {store} must be a named volume")
    env = compose_env(nats)
    for user in nats_users(nats_conf).values():
        password = user["password"]
        assert isinstance(password, Var), f"nats.conf: user {user['user']} has a literal password"
        assert password.name in env and REQUIRED.fullmatch(env[password.name] or ""), (
            f"nats: {password.name} must come from a required variable")
    test = " ".join(nats["healthcheck"]["test"])
    assert f"127.0.0.1:{nats_conf['http_port']}/healthz" in test, "nats: health check on the monitoring port"


def test_nats_credentials_reach_the_right_users(compose: dict[str, Any], nats_conf: dict[str, Any]) -> None:
    """The variable a client gets as its password is the one the server gives the user it logs in as."""
    nats_env = compose_env(services(compose)["nats"])

    def source(value: str) -> str:
        match = REQUIRED.fullmatch(value or "")
        assert match, f"not a required variable: {value!r}"
        return match.group(1)

    users = nats_users(nats_conf)
    user_source = {name: source(nats_env[user["password"].name]) for name, user in users.items()}
    for folder in HTTP_SERVICES:
        env = compose_env(services(compose)[folder])
        assert env.get("DLWB_NATS_USER", "services") == "services", folder
        assert source(env["DLWB_NATS_PASSWORD"]) == user_source["services"], f"{folder}: wrong NATS password"
    for agent in AGENT_SERVICES:
        env = compose_env(services(compose)[agent])
        user = env.get("DLWB_AGENT_NATS_USER") or f"agent-{env['DLWB_AGENT_ID']}"
        assert user in users, f"{agent}: nats.conf has no user {user}"
        assert source(env["DLWB_AGENT_NATS_PASSWORD"]) == user_source[user], f"{agent}: wrong NATS password"
        assert not any(k in env for k in ("DLWB_NATS_PASSWORD", "DLWB_INTERNAL_TOKEN")), (
            f"{agent}: the agent gets no service secret")


def test_postgres_service(compose: dict[str, Any]) -> None:
    postgres = services(compose)["postgres"]
    assert postgres["image"] == "postgres:16"
    mounts = dict(volume_entries(postgres))
    target = mounts.get("./" + POSTGRES_INIT.relative_to(ROOT).as_posix(), "")
    assert target.startswith("/docker-entrypoint-initdb.d/") and target.endswith(".sql"), (
        "postgres: mount deploy/postgres/init.sql into /docker-entrypoint-initdb.d")
    assert any(mount == "/var/lib/postgresql/data" and not source.startswith(".") for source, mount in
               mounts.items()), "postgres: keep the data in a named volume"
    assert REQUIRED.fullmatch(compose_env(postgres)["POSTGRES_PASSWORD"]), "postgres: POSTGRES_PASSWORD"
    assert "-h" in postgres["healthcheck"]["test"], "postgres: check over TCP, not the init-time socket"


@pytest.mark.parametrize("folder", sorted(HTTP_SERVICES))
def test_service_secrets(compose: dict[str, Any], folder: str) -> None:
    env = compose_env(services(compose)[folder])
    for variable in ("DLWB_NATS_PASSWORD", "DLWB_INTERNAL_TOKEN"):
        assert REQUIRED.fullmatch(env.get(variable) or ""), f"{folder}: {variable}"
    if folder == "api-gateway":
        assert REQUIRED.fullmatch(env.get("DLWB_API_TOKEN") or ""), "api-gateway: DLWB_API_TOKEN"
    else:
        assert "DLWB_API_TOKEN" not in env, f"{folder}: only the gateway knows the users' token"
    if folder == "model-service":
        assert REQUIRED.fullmatch(env.get("DLWB_ARTIFACT_KEY") or ""), "model-service: DLWB_ARTIFACT_KEY"


def test_data_dirs_are_writable_volumes(compose: dict[str, Any]) -> None:
    for folder in HTTP_SERVICES:
        service = services(compose)[folder]
        data_dir = compose_env(service)["DLWB_DATA_DIR"]
        targets = {target for _, target in volume_entries(service)} | set(service.get("tmpfs", []))
        assert data_dir in targets, f"{folder}: {data_dir} must be a volume (the root filesystem is read-only)"
        assert "/tmp" in targets, f"{folder}: /tmp must be writable"
        assert service.get("read_only") is True, f"{folder}: read_only root filesystem"
    model = {t: s for s, t in volume_entries(services(compose)["model-service"])}
    assert model.get("/var/lib/dlwb") == "model-data", "model-service: model files in the volume model-data"
    path = Path(compose_env(services(compose)["target-agent"])["DLWB_AGENT_CACHE_DIR"])
    assert str(path) in {t for _, t in volume_entries(services(compose)["target-agent"])}, "agent cache volume"
