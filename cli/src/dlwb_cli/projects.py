"""The project (model variant + dataset + target + device) a measurement runs in."""

from __future__ import annotations

from typing import Any

from dlwb_cli.api import run_api
from dlwb_cli.client import Client
from dlwb_cli.output import err

RANDOM_INPUTS = {"name": "random inputs", "kind": "random", "seed": 0, "count": 16}  # the dataset the CLI makes
PAGE = 1000


def all_projects(client: Client) -> list[dict[str, Any]]:
    projects: list[dict[str, Any]] = []
    while True:
        skip = len(projects)
        page = run_api(lambda skip=skip: client.get("/api/v1/projects", skip=skip, limit=PAGE))["data"]
        projects += page
        if len(page) < PAGE:
            return projects


def is_default_random(dataset: dict[str, Any]) -> bool:
    return all(dataset.get(key) == RANDOM_INPUTS[key] for key in ("kind", "seed", "count"))


def reusable_project(client: Client, model_id: str, precision: str, target: str,
                     device: str) -> dict[str, Any] | None:
    """The model variant's project on this target and device whose dataset is the CLI's random inputs."""
    for project in all_projects(client):
        if (project["model_id"], project["precision"], project["target_id"], project["device"]) == (
                model_id, precision, target, device):
            dataset = run_api(lambda p=project: client.get(f"/api/v1/datasets/{p['dataset_id']}"))
            if is_default_random(dataset):
                return project
    return None


def ensure_project(client: Client, model_id: str, precision: str, target: str, device: str) -> dict[str, Any]:
    """The project of this model variant on this target and device with random inputs: the one made by an
    earlier call when there is one (said on stderr), else a new one with a new random-input dataset."""
    project = reusable_project(client, model_id, precision, target, device)
    if project is not None:
        err.print(f"reusing project {project['name']} ({project['id']}) and its random-input dataset "
                  f"{project['dataset_id']}")
        return project
    dataset = run_api(lambda: client.post("/api/v1/datasets", RANDOM_INPUTS))
    model = run_api(lambda: client.get(f"/api/v1/models/{model_id}"))
    project = run_api(lambda: client.post("/api/v1/projects", {
        "name": f"{model['name']} {precision} on {target}/{device}", "model_id": model_id, "precision": precision,
        "dataset_id": dataset["id"], "target_id": target, "device": device}))
    err.print(f"created project {project['name']} ({project['id']}) with random-input dataset {dataset['id']}")
    return project


def find_or_create_project(client: Client, model_id: str, precision: str, dataset: str, target: str,
                           device: str) -> dict[str, Any]:
    """The project of exactly this model variant, dataset, target and device; a new one if there is none."""
    projects = run_api(lambda: client.get("/api/v1/projects"))["data"]
    project = next((p for p in projects if (p["model_id"], p["precision"], p["dataset_id"], p["target_id"],
                                            p["device"]) == (model_id, precision, dataset, target, device)), None)
    if project is None:
        project = run_api(lambda: client.post("/api/v1/projects", {
            "model_id": model_id, "precision": precision, "dataset_id": dataset, "target_id": target,
            "device": device}))
    return project
