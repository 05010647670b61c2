"""deploy/k8s: rendered with the venv's kubectl (kustomize), validated offline against the Kubernetes
JSON schemas bundled in kubernetes-validate, and cross-checked against the docs, Dockerfiles and NATS config."""

from __future__ import annotations

import copy
import re
import socket
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

from tests.deploy.deploy_support import (
    AGENT_SERVICES,
    HTTP_SERVICES,
    K8S_DIR,
    NATS_CONF,
    POSTGRES_INIT,
    SECRET_NAME,
    SECRET_WORDS,
    SERVICE_DATABASES,
    SERVICE_URL_VARS,
    Dockerfile,
    K8s,
    Var,
    init_sql_databases,
    init_sql_env_vars,
    nats_users,
)

KUBERNETES_VERSION = "1.37"
NAMESPACE = "dlwb"
README = K8S_DIR / "README.md"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Schema validation must not fetch anything: any socket connection fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access during an offline check: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def validate(obj: dict[str, Any]) -> None:
    kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def main_container(workload: dict[str, Any]) -> dict[str, Any]:
    containers = pod_spec(workload)["containers"]
    assert len(containers) == 1, f"{workload['metadata']['name']}: expected one container"
    return containers[0]


def deployment(k8s: K8s, name: str) -> dict[str, Any]:
    found = k8s.get("Deployment", name)
    assert found is not None, f"deploy/k8s has no Deployment {name}"
    return found


def resolve_port(container: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    named = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    assert port in named, f"{container['name']}: no container port named {port}"
    return named[port]


def readme_secret_keys() -> set[str]:
    return set(re.findall(r"--from-literal=([a-z0-9-]+)=", README.read_text()))


# --------------------------------------------------------------------------- rendering and schemas


def test_kustomization_is_local_only() -> None:
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    for entry in kustomization.get("resources", []) + kustomization.get("components", []):
        assert "://" not in entry and not entry.startswith(("github.com", "git@")), f"remote resource {entry}"
        assert (K8S_DIR / entry).exists(), f"kustomization lists a missing file {entry}"
    listed = set(kustomization.get("resources", []))
    present = {p.name for p in K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert present == listed, f"manifests not in kustomization.yaml: {present - listed}"


def test_every_object_validates_against_the_kubernetes_schemas(k8s_objects: list[dict[str, Any]],
                                                              no_network: None) -> None:
    errors = []
    for obj in k8s_objects:
        name = f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
        try:
            validate(obj)
        except kubernetes_validate.ValidationError as error:
            errors.append(f"{name}: {'.'.join(map(str, error.path))}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            errors.append(f"{name}: {error.message}")
    assert not errors, "\n".join(errors)


def test_the_validator_rejects_broken_objects(k8s: K8s, no_network: None) -> None:
    """The check above is not a no-op: strict validation catches a wrong type and an unknown field."""
    broken = copy.deepcopy(deployment(k8s, "api-gateway"))
    main_container(broken)["ports"][0]["containerPort"] = "eight thousand"
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(broken)
    broken = copy.deepcopy(deployment(k8s, "api-gateway"))
    pod_spec(broken)["containers"][0]["livenessProbe"]["httpGett"] = {"path": "/healthz", "port": 80}
    with pytest.raises(kubernetes_validate.ValidationError):
        validate(broken)
    with pytest.raises(kubernetes_validate.SchemaNotFoundError):
        validate({"apiVersion": "example.com/v1", "kind": "Nothing", "metadata": {"name": "x"}})


def test_everything_lives_in_the_dlwb_namespace(k8s_objects: list[dict[str, Any]]) -> None:
    kinds = {obj["kind"] for obj in k8s_objects}
    assert "Namespace" in kinds
    for obj in k8s_objects:
        if obj["kind"] != "Namespace":
            assert obj["metadata"].get("namespace") == NAMESPACE, f"{obj['kind']}/{obj['metadata']['name']}"


def test_no_secret_is_shipped(k8s: K8s) -> None:
    assert not k8s.all("Secret"), "secrets are created by the operator (README.md), never rendered from the repo"
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    assert "secretGenerator" not in kustomization


# --------------------------------------------------------------------------- services


def test_every_service_folder_has_a_deployment(k8s: K8s, service_folders: list[str]) -> None:
    for folder in service_folders:
        workload = deployment(k8s, folder)
        assert main_container(workload)["image"] == f"dlwb/{folder}:latest", f"{folder}: image dlwb/{folder}:latest"
    kustomization = yaml.safe_load((K8S_DIR / "kustomization.yaml").read_text())
    images = {image["name"] for image in kustomization.get("images", [])}
    assert images == {f"dlwb/{folder}" for folder in service_folders}, "kustomization images: one per service"


def test_deployment_ports_and_probes_match_docs_and_dockerfiles(k8s: K8s, documented_ports: dict[str, int],
                                                                dockerfiles: dict[str, Dockerfile]) -> None:
    for folder, port in documented_ports.items():
        container = main_container(deployment(k8s, folder))
        ports = [p["containerPort"] for p in container.get("ports", [])]
        assert ports == [port], f"{folder}: containerPort {ports}, documented {port}"
        exposed = [int(p) for i in dockerfiles[folder].of("EXPOSE") for p in i.args.split()]
        assert exposed == [port], f"{folder}: the Dockerfile exposes {exposed}"
        readiness = container.get("readinessProbe", {}).get("httpGet", {})
        liveness = container.get("livenessProbe", {}).get("httpGet", {})
        assert readiness.get("path") == "/readyz", f"{folder}: readiness probe on /readyz"
        assert liveness.get("path") == "/healthz", f"{folder}: liveness probe on /healthz"
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            if probe in container:
                target = resolve_port(container, container[probe]["httpGet"]["port"])
                assert target == port, f"{folder}: {probe} probes port {target}, not {port}"
        env = k8s.container_env(container)
        assert env.get(HTTP_SERVICES[folder]) == str(port), f"{folder}: {HTTP_SERVICES[folder]} must be {port}"
        assert env.get("DLWB_HOST") == "0.0.0.0", f"{folder}: DLWB_HOST=0.0.0.0 in a pod"


def test_agent_has_no_http(k8s: K8s) -> None:
    for agent in AGENT_SERVICES:
        container = main_container(deployment(k8s, agent))
        assert not container.get("ports"), f"{agent}: serves nothing"
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            assert "httpGet" not in container.get(probe, {}), f"{agent}: no HTTP to probe"
        assert deployment(k8s, agent)["spec"]["replicas"] == 1, f"{agent}: one pod per agent id"
        assert not k8s.services_selecting(deployment(k8s, agent)["spec"]["template"]["metadata"]["labels"])


def test_each_http_service_has_a_service(k8s: K8s, documented_ports: dict[str, int]) -> None:
    for folder, port in documented_ports.items():
        service = k8s.get("Service", folder)
        assert service is not None, f"deploy/k8s has no Service {folder}"
        workload = deployment(k8s, folder)
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert service["spec"]["selector"].items() <= labels.items(), f"{folder}: Service selects other pods"
        assert workload["spec"]["selector"]["matchLabels"].items() <= labels.items(), folder
        (entry,) = service["spec"]["ports"]
        assert entry["port"] == port, f"Service {folder}: port {entry['port']}"
        assert resolve_port(main_container(workload), entry.get("targetPort", port)) == port, folder
        assert service["spec"].get("type", "ClusterIP") == "ClusterIP", f"{folder}: not exposed by the base"


def test_config_urls_point_at_services(k8s: K8s, documented_ports: dict[str, int]) -> None:
    config = k8s.config_data("dlwb-config")
    for folder, variable in SERVICE_URL_VARS.items():
        url = urlsplit(config[variable])
        assert (url.hostname, url.port) == (folder, documented_ports[folder]), variable
        assert k8s.get("Service", folder) is not None
    public = urlsplit(config["DLWB_PUBLIC_URL"])
    assert (public.hostname, public.port) == ("api-gateway", documented_ports["api-gateway"])
    nats = urlsplit(config["DLWB_NATS_URL"])
    nats_service = k8s.get("Service", nats.hostname)
    assert nats_service is not None and nats.port in [p["port"] for p in nats_service["spec"]["ports"]]
    for agent in AGENT_SERVICES:
        env = k8s.container_env(main_container(deployment(k8s, agent)))
        assert env["DLWB_AGENT_NATS_URL"] == config["DLWB_NATS_URL"], f"{agent}: same NATS as the services"


def test_database_urls(k8s: K8s) -> None:
    databases = init_sql_databases()
    postgres = k8s.get("Service", "postgres")
    assert postgres is not None, "Service postgres"
    for folder, (variable, database) in SERVICE_DATABASES.items():
        env = main_container(deployment(k8s, folder)).get("env", [])
        names = [item["name"] for item in env]
        url_item = next((item for item in env if item["name"] == variable), None)
        assert url_item is not None, f"{folder}: {variable}"
        match = re.fullmatch(r"postgresql\+psycopg://(\w+):\$\((\w+)\)@postgres:5432/(\w+)", url_item["value"])
        assert match, f"{folder}: {variable}={url_item['value']}"
        role, password_var, name = match.groups()
        assert name == database and databases[name] == role, f"{folder}: connect as the owner of {database}"
        # Kubernetes expands $(VAR) only from variables defined before it.
        assert password_var in names[: names.index(variable)], f"{folder}: define {password_var} before {variable}"
        key = next(i for i in env if i["name"] == password_var)["valueFrom"]["secretKeyRef"]["key"]
        postgres_env = {i["name"]: i for i in main_container(k8s.get("StatefulSet", "postgres"))["env"]}
        assert postgres_env[password_var]["valueFrom"]["secretKeyRef"]["key"] == key, (
            f"{folder}: the password is not the one init.sql gives {role}")


def test_env_names_are_documented(k8s: K8s, documented_env: dict[str, str]) -> None:
    for name in k8s.config_data("dlwb-config"):
        assert name in documented_env, f"dlwb-config: {name} is not in docs/architecture.md"
    for workload in k8s.workloads():
        for container in pod_spec(workload)["containers"]:
            for item in container.get("env", []):
                if item["name"].startswith("DLWB_"):
                    assert item["name"] in documented_env, (
                        f"{workload['metadata']['name']}: {item['name']} is not in docs/architecture.md")


def test_secrets_come_from_the_operator_secret(k8s: K8s) -> None:
    referenced = set()
    for workload in k8s.workloads():
        name = workload["metadata"]["name"]
        for container in pod_spec(workload)["containers"]:
            for item in container.get("env", []):
                if any(word in item["name"] for word in SECRET_WORDS):
                    assert "value" not in item, f"{name}: {item['name']} is a literal; use a secretKeyRef"
                ref = item.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == SECRET_NAME, f"{name}: {item['name']} reads Secret {ref['name']}"
                    assert not ref.get("optional"), f"{name}: {item['name']} must not be optional"
                    referenced.add(ref["key"])
            for source in container.get("envFrom", []):
                assert "secretRef" not in source, f"{name}: list secret keys one by one"
        for volume in pod_spec(workload).get("volumes", []):
            assert "secret" not in volume or volume["secret"]["secretName"] == SECRET_NAME, name
    documented = readme_secret_keys()
    assert referenced == documented, (
        f"README.md's kubectl create secret and the manifests disagree: "
        f"undocumented {referenced - documented}, unused {documented - referenced}")


def test_dollar_references_are_defined_before_use(k8s: K8s) -> None:
    for workload in k8s.workloads():
        for container in pod_spec(workload)["containers"]:
            defined = set(k8s.container_env({"envFrom": container.get("envFrom", [])}))
            for item in container.get("env", []):
                for reference in re.findall(r"\$\((\w+)\)", item.get("value", "")):
                    assert reference in defined, f"{workload['metadata']['name']}: $({reference}) is undefined"
                defined.add(item["name"])


def test_referenced_configmaps_and_claims_exist(k8s: K8s) -> None:
    configmaps = {c["metadata"]["name"] for c in k8s.all("ConfigMap")}
    claims = {c["metadata"]["name"] for c in k8s.all("PersistentVolumeClaim")}
    for workload in k8s.workloads():
        name = workload["metadata"]["name"]
        templates = {t["metadata"]["name"] for t in workload["spec"].get("volumeClaimTemplates", [])}
        volumes = {v["name"]: v for v in pod_spec(workload).get("volumes", [])}
        for volume in volumes.values():
            if "configMap" in volume:
                assert volume["configMap"]["name"] in configmaps, f"{name}: ConfigMap {volume['configMap']['name']}"
            if "persistentVolumeClaim" in volume:
                claim = volume["persistentVolumeClaim"]["claimName"]
                assert claim in claims, f"{name}: PVC {claim}"
        for container in pod_spec(workload)["containers"]:
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in configmaps, name
            for mount in container.get("volumeMounts", []):
                assert mount["name"] in volumes or mount["name"] in templates, f"{name}: volume {mount['name']}"


# --------------------------------------------------------------------------- pod hardening


def test_pods_are_hardened(k8s: K8s) -> None:
    for workload in k8s.workloads():
        name = workload["metadata"]["name"]
        spec = pod_spec(workload)
        context = spec.get("securityContext", {})
        assert context.get("runAsNonRoot") is True, f"{name}: runAsNonRoot"
        assert context.get("runAsUser", 0) != 0, f"{name}: a non-root uid"
        assert context.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{name}: seccomp RuntimeDefault"
        for container in spec["containers"] + spec.get("initContainers", []):
            security = container.get("securityContext", {})
            assert security.get("allowPrivilegeEscalation") is False, f"{name}: allowPrivilegeEscalation"
            assert security.get("readOnlyRootFilesystem") is True, f"{name}: readOnlyRootFilesystem"
            assert security.get("capabilities", {}).get("drop") == ["ALL"], f"{name}: drop ALL capabilities"
            resources = container.get("resources", {})
            for section in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(section, {})), f"{name}: resources.{section}"


def test_writable_paths_are_volumes(k8s: K8s) -> None:
    config = k8s.config_data("dlwb-config")
    for folder in HTTP_SERVICES:
        container = main_container(deployment(k8s, folder))
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        assert config["DLWB_DATA_DIR"] in mounts, f"{folder}: mount a volume at DLWB_DATA_DIR"
        assert "/tmp" in mounts, f"{folder}: mount a volume at /tmp"
    model = deployment(k8s, "model-service")
    mounts = {m["mountPath"]: m["name"] for m in main_container(model)["volumeMounts"]}
    volumes = {v["name"]: v for v in pod_spec(model)["volumes"]}
    data = volumes[mounts[config["DLWB_DATA_DIR"]]]
    assert "persistentVolumeClaim" in data, "model-service: model files on a PVC"
    claim = k8s.get("PersistentVolumeClaim", data["persistentVolumeClaim"]["claimName"])
    assert claim is not None and claim["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert model["spec"].get("strategy", {}).get("type") == "Recreate", (
        "model-service: a ReadWriteOnce volume needs the Recreate strategy")
    for agent in AGENT_SERVICES:
        container = main_container(deployment(k8s, agent))
        env = k8s.container_env(container)
        mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
        assert env["DLWB_AGENT_CACHE_DIR"] in mounts and "/tmp" in mounts, f"{agent}: writable cache and /tmp"


def test_prometheus_annotations(k8s: K8s, documented_ports: dict[str, int]) -> None:
    for folder, port in documented_ports.items():
        annotations = deployment(k8s, folder)["spec"]["template"]["metadata"].get("annotations", {})
        assert annotations.get("prometheus.io/scrape") == "true", f"{folder}: prometheus.io/scrape"
        assert annotations.get("prometheus.io/port") == str(port), f"{folder}: prometheus.io/port"
        assert annotations.get("prometheus.io/path") == "/metrics", f"{folder}: prometheus.io/path"
    assert "Bearer" in README.read_text() and "internal-token" in README.read_text(), (
        "README.md must say that /metrics needs the internal token")


# --------------------------------------------------------------------------- NATS and PostgreSQL


def test_nats_statefulset(k8s: K8s, nats_conf: dict[str, Any]) -> None:
    nats = k8s.get("StatefulSet", "nats")
    assert nats is not None, "StatefulSet nats"
    container = main_container(nats)
    assert container["image"] == "nats:2.10-alpine"
    headless = k8s.get("Service", nats["spec"]["serviceName"])
    assert headless is not None and headless["spec"].get("clusterIP") == "None", "nats: headless governing Service"
    labels = nats["spec"]["template"]["metadata"]["labels"]
    assert headless["spec"]["selector"].items() <= labels.items()
    client = k8s.get("Service", "nats")
    assert client is not None and client["spec"].get("clusterIP") != "None", "nats: client Service"
    assert client["spec"]["selector"].items() <= labels.items()
    assert [resolve_port(container, p["targetPort"]) for p in client["spec"]["ports"]] == [nats_conf["port"]]

    # JetStream's store on a claim from volumeClaimTemplates.
    templates = {t["metadata"]["name"] for t in nats["spec"]["volumeClaimTemplates"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert mounts.get(nats_conf["jetstream"]["store_dir"]) in templates, "nats: store_dir on a PVC"

    # The config: the same file as compose's, where the server is told to read it.
    volumes = {v["name"]: v for v in pod_spec(nats)["volumes"]}
    config_mounts = [(path, volumes[name]["configMap"]["name"]) for path, name in mounts.items()
                     if "configMap" in volumes.get(name, {})]
    assert len(config_mounts) == 1, "nats: mount the config ConfigMap"
    mount_path, configmap = config_mounts[0]
    data = k8s.get("ConfigMap", configmap)["data"]
    ((key, text),) = data.items()
    assert text == NATS_CONF.read_text(), "nats ConfigMap differs from deploy/nats/nats.conf"
    assert (K8S_DIR / "nats.conf").read_text() == NATS_CONF.read_text(), "deploy/k8s/nats.conf is a stale copy"
    command = container.get("command", []) + container.get("args", [])
    assert f"{mount_path}/{key}" in command, f"nats: start with --config {mount_path}/{key}"

    env = {item["name"]: item for item in container.get("env", [])}
    for user in nats_users(nats_conf).values():
        password = user["password"]
        assert isinstance(password, Var), f"nats.conf: user {user['user']} has a literal password"
        assert password.name in env, f"nats: {password.name} is not set in the pod"
        assert env[password.name]["valueFrom"]["secretKeyRef"]["name"] == SECRET_NAME


def test_nats_credentials_reach_the_right_users(k8s: K8s, nats_conf: dict[str, Any]) -> None:
    nats_env = {i["name"]: i for i in main_container(k8s.get("StatefulSet", "nats"))["env"]}
    user_key = {name: nats_env[user["password"].name]["valueFrom"]["secretKeyRef"]["key"]
                for name, user in nats_users(nats_conf).items()}
    config = k8s.config_data("dlwb-config")
    for folder in HTTP_SERVICES:
        container = main_container(deployment(k8s, folder))
        env = {i["name"]: i for i in container["env"]}
        user = config.get("DLWB_NATS_USER", "services")
        assert env["DLWB_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == user_key[user], folder
    for agent in AGENT_SERVICES:
        container = main_container(deployment(k8s, agent))
        env = {i["name"]: i for i in container["env"]}
        user = f"agent-{env['DLWB_AGENT_ID']['value']}"
        assert user in user_key, f"{agent}: nats.conf has no user {user}"
        assert env["DLWB_AGENT_NATS_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == user_key[user], agent
        assert not container.get("envFrom"), f"{agent}: the agent gets none of the services' settings"
        assert "DLWB_INTERNAL_TOKEN" not in env and "DLWB_NATS_PASSWORD" not in env, f"{agent}: no service secret"


def test_postgres_statefulset(k8s: K8s) -> None:
    postgres = k8s.get("StatefulSet", "postgres")
    assert postgres is not None, "StatefulSet postgres"
    container = main_container(postgres)
    assert container["image"] == "postgres:16"
    service = k8s.get("Service", postgres["spec"]["serviceName"])
    assert service is not None and service["metadata"]["name"] == "postgres"
    assert [resolve_port(container, p["targetPort"]) for p in service["spec"]["ports"]] == [5432]
    assert postgres["spec"]["volumeClaimTemplates"], "postgres: data on a PVC"
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod_spec(postgres)["volumes"]}
    init = volumes[mounts["/docker-entrypoint-initdb.d"]]["configMap"]["name"]
    ((_, text),) = k8s.get("ConfigMap", init)["data"].items()
    assert text == POSTGRES_INIT.read_text(), "postgres-init ConfigMap differs from deploy/postgres/init.sql"
    assert (K8S_DIR / "init.sql").read_text() == POSTGRES_INIT.read_text(), "deploy/k8s/init.sql is a stale copy"
    env = {i["name"] for i in container["env"]}
    assert init_sql_env_vars() | {"POSTGRES_PASSWORD"} <= env, "postgres: init.sql's variables"
    pgdata = next(i["value"] for i in container["env"] if i["name"] == "PGDATA")
    data_mount = next(path for path, name in mounts.items()
                      if name in {t["metadata"]["name"] for t in postgres["spec"]["volumeClaimTemplates"]})
    assert pgdata.startswith(data_mount + "/"), "postgres: PGDATA in a subfolder of the volume (lost+found)"
