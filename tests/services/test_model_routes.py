"""The model-service's model and dataset routes: unknown ids, PATCH validation, paging."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlwb_common.messages.jobs import JobStatus
from tests.api_calls import post_model_file
from tests.services.conftest import Service


@pytest.mark.parametrize("path", ["/api/v1/models/mdl_nope", "/api/v1/models/mdl_nope/lineage",
                                  "/api/v1/models/mdl_nope/graph", "/api/v1/models/mdl_nope/ir/FP32",
                                  "/api/v1/models/mdl_nope/ir/FP32/model.xml"])
def test_an_unknown_model_is_404_everywhere(model_service: Service, path: str) -> None:
    response = model_service.client.get(path)
    assert response.status_code == 404, response.text
    assert response.json()["code"] in ("model.not_found", "model.no_ir"), response.text


def test_unknown_model_changes_are_404(model_service: Service) -> None:
    client = model_service.client
    assert client.patch("/api/v1/models/mdl_nope", json={"name": "x"}).json()["code"] == "model.not_found"
    reconvert = client.post("/api/v1/models/mdl_nope/conversions", json={})
    assert reconvert.status_code == 404 and reconvert.json()["code"] == "model.not_found"
    derive = client.post("/api/v1/models/mdl_nope/derivatives", json={"settings": {}})
    assert derive.status_code == 404 and derive.json()["code"] == "model.not_found"
    assert client.get("/api/v1/jobs/convert_nope").json()["code"] == "job.not_found"


def test_bad_paths_and_parameters_are_client_errors(model_service: Service) -> None:
    client = model_service.client
    assert client.get("/api/v1/models/mdl_nope/ir/INT3").status_code == 422
    assert client.get("/api/v1/models/mdl_nope/ir/FP32/secrets.txt").status_code == 422
    for params in ({"limit": 0}, {"limit": 1001}, {"skip": -1}):
        response = client.get("/api/v1/models", params=params)
        assert response.status_code == 422 and response.json()["code"] == "request.invalid", params
    missing = client.post("/api/v1/models", content=b"x")
    assert missing.status_code == 422 and "filename" in missing.json()["message"]


def test_a_model_is_renamed_given_a_task_and_paged(model_service: Service, tiny_onnx_path: Path) -> None:
    client = model_service.client
    model = post_model_file(client, tiny_onnx_path).json()
    try:
        url = f"/api/v1/models/{model['id']}"
        changed = client.patch(url, json={"task": "object_detection", "name": "renamed"})
        assert changed.status_code == 200, changed.text
        assert (changed.json()["task"], changed.json()["name"]) == ("object_detection", "renamed")
        for body in ({"task": "astrology"}, {"name": ""}, {"name": "x" * 201}):
            refused = client.patch(url, json=body)
            assert refused.status_code == 422 and refused.json()["code"] == "request.invalid", body
        assert client.get(url).json()["name"] == "renamed"
        assert [m["id"] for m in client.get("/api/v1/models", params={"limit": 1}).json()["data"]] == [model["id"]]
        assert client.get("/api/v1/models", params={"skip": 1}).json() == {"data": [], "count": 1}
    finally:
        job = model_service.finished_job(model["conversion_job_id"])
    assert job.status == JobStatus.succeeded


def test_datasets_are_paged_newest_first(model_service: Service) -> None:
    client = model_service.client
    made = [client.post("/api/v1/datasets", json={"name": f"random {i}", "count": 1}).json()["id"] for i in range(3)]
    page = client.get("/api/v1/datasets", params={"skip": 1, "limit": 1}).json()
    assert page["count"] == 3 and [d["id"] for d in page["data"]] == [made[1]]
    assert [d["id"] for d in client.get("/api/v1/datasets").json()["data"]] == made[::-1]
    for params in ({"limit": 0}, {"skip": -1}):
        assert client.get("/api/v1/datasets", params=params).json()["code"] == "request.invalid", params
    missing = client.get("/api/v1/datasets/ds_nope")
    assert missing.status_code == 404 and missing.json()["code"] == "dataset.not_found"
    assert client.get("/api/v1/datasets/ds_nope/samples").status_code == 404
