"""Malformed requests through the gateway: a 4xx JSON error with a stable code, and nothing stored.
(The model-service's refusals of bad model files are tested in-process: tests/services.)"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.api_calls import post_model
from tests.conftest import RunningSystem
from tests.e2e.test_slice import job_events

pytestmark = pytest.mark.e2e


def test_missing_query_parameter_is_a_clear_error(system: RunningSystem) -> None:
    with system.client() as client:
        response = client.post("/api/v1/models", content=b"x")
    assert response.status_code == 422
    assert response.json()["code"] == "request.invalid" and "filename" in response.json()["message"]


def test_malformed_json_body(system: RunningSystem) -> None:
    with system.client() as client:
        before = client.get("/api/v1/datasets").json()["count"]
        response = client.post("/api/v1/datasets", content=b'{"name": "x",',
                               headers={"content-type": "application/json"})
        assert response.status_code == 422
        assert response.json()["code"] == "request.malformed_json"
        assert client.get("/api/v1/datasets").json()["count"] == before


def test_unknown_resources_are_404_with_codes(system: RunningSystem) -> None:
    with system.client() as client:
        assert client.get("/api/v1/models/mdl_nope").json()["code"] == "model.not_found"
        assert client.get("/api/v1/jobs/benchmark_nope").json()["code"] == "job.not_found"
        assert client.get("/api/v1/jobs/garbage").status_code == 404
        assert client.get("/api/v1/benchmarks/benchmark_nope").status_code == 404


def test_odd_paths_and_ids_are_client_errors(system: RunningSystem) -> None:
    with system.client() as client:
        assert client.post("/api/v1/jobs/notajob/cancel").json()["code"] == "not_found"
        assert client.get("/%00").status_code == 404
    for path in ("%2e%2e", "ab" * 31, "../../models"):
        response = httpx.get(f"{system.url}/api/v1/artifacts/{path}", params={"expires": 1, "sig": "0"})
        assert 400 <= response.status_code < 500, (path, response.status_code)


def test_unsigned_artifact_download_is_refused(system: RunningSystem) -> None:
    response = httpx.get(f"{system.url}/api/v1/artifacts/{'ab' * 32}", params={"expires": 9999999999, "sig": "00"})
    assert response.status_code == 403 and response.json()["code"] == "artifact.bad_signature"


@pytest.mark.parametrize(("settings", "code"), [
    ({"device": "NOSUCHDEVICE"}, "target.unknown_device"),
    ({"batch": 0}, "request.invalid"),
    ({"nstreams": 2}, "request.invalid"),
    ({"duration_seconds": 1, "surprise": True}, "request.invalid"),
], ids=["unknown-device", "batch-0", "streams-without-hint-none", "unknown-field"])
def test_bad_benchmark_settings_are_refused_before_anything_runs(system: RunningSystem, tiny_onnx_path: Path,
                                                                 settings: dict, code: str) -> None:
    with system.client() as client:
        model = client.get("/api/v1/models").json()["data"]
        ready = [m for m in model if m["status"] == "ready"]
        if not ready:
            created = post_model(client, tiny_onnx_path.read_bytes(), "for-settings.onnx").json()
            job_events(client, created["conversion_job_id"])
            ready = [client.get(f"/api/v1/models/{created['id']}").json()]
        dataset = client.post("/api/v1/datasets", json={"name": "settings"}).json()
        project = client.post("/api/v1/projects", json={"model_id": ready[0]["id"],
                                                         "dataset_id": dataset["id"]}).json()
        response = client.post(f"/api/v1/projects/{project['id']}/benchmarks", json=settings)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == code
        assert client.get(f"/api/v1/projects/{project['id']}/benchmarks").json()["count"] == 0
