"""What the bench scripts share: the whole system on free ports, an API client, a ready project."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parents[1]))
from tests.conftest import launch  # noqa: E402
from tests.e2e.test_slice import job_events, upload  # noqa: E402
from tests.support import tiny_onnx  # noqa: E402

__all__ = ["job_events", "ready_project", "run_result", "running_system", "tiny_onnx"]


@contextmanager
def running_system(data_dir: Path) -> Iterator[tuple[object, httpx.Client]]:
    """Start every process (as ``dlwb up`` does) and yield the system and an authorised client."""
    system = launch(data_dir)
    try:
        with httpx.Client(base_url=system.url, headers={"authorization": f"Bearer {system.token}"},
                          timeout=600) as client:
            yield system, client
    finally:
        system.stop()


def ready_project(client: httpx.Client, model_path: Path, target: str = "local",
                  dataset: dict | None = None) -> tuple[dict, str]:
    """Import and convert a model, then make a project for it; returns (model, project id)."""
    model = upload(client, model_path).json()
    job_events(client, model["conversion_job_id"])
    model = client.get(f"/api/v1/models/{model['id']}").json()
    dataset_id = client.post("/api/v1/datasets", json=dataset or {"name": "random"}).json()["id"]
    project = client.post("/api/v1/projects", json={"model_id": model["id"], "dataset_id": dataset_id,
                                                     "target_id": target})
    return model, project.json()["id"]


def run_result(client: httpx.Client, project_id: str, settings: dict) -> dict:
    """Run one benchmark to its end and return its result (raises if it failed)."""
    bench = client.post(f"/api/v1/projects/{project_id}/benchmarks", json=settings).json()
    final = job_events(client, bench["id"])[-1]
    if final.status != "succeeded":
        raise RuntimeError(f"benchmark {bench['id']} {final.status}: {final.error}")
    return client.get(f"/api/v1/benchmarks/{bench['id']}").json()["result"]
