"""The project (model variant + dataset + target + device) a measurement runs in."""

from __future__ import annotations

from typing import Any

from dlwb_cli.api import run_api
from dlwb_cli.client import Client


def ensure_project(client: Client, model_id: str, precision: str, target: str, device: str) -> dict[str, Any]:
    """A project for this model variant on this target and device, made with a random-input dataset."""
    dataset = run_api(lambda: client.post("/api/v1/datasets", {"name": "random inputs", "kind": "random"}))
    model = run_api(lambda: client.get(f"/api/v1/models/{model_id}"))
    return run_api(lambda: client.post("/api/v1/projects", {
        "name": f"{model['name']} {precision} on {target}/{device}", "model_id": model_id, "precision": precision,
        "dataset_id": dataset["id"], "target_id": target, "device": device}))


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
