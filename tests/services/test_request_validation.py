"""Requests a fuzzer found answered with 500 or silently coerced: each is a 422 with a message, and stores
nothing (schemathesis over the published OpenAPI, issue 13)."""

from __future__ import annotations

import pytest

from tests.api_calls import stored_state
from tests.services.conftest import Service


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("POST", "/api/v1/datasets", {"name": "d", "seed": 100000000000000000000}, "seed"),
    ("POST", "/api/v1/datasets", {"name": "d", "seed": -1}, "seed"),
    ("POST", "/api/v1/datasets", {"name": "d", "seed": False}, "seed"),
    ("POST", "/api/v1/datasets", {"name": "line\nbreak"}, "name"),
    ("POST", "/api/v1/uploads", {"filename": "m.onnx", "size": True}, "size"),
    ("POST", "/api/v1/uploads", {"filename": "m\x00.onnx", "size": 10}, "filename"),
], ids=["huge-seed", "negative-seed", "boolean-seed", "control-character-name", "boolean-size", "nul-in-filename"])
def test_malformed_creates_are_refused_and_leave_nothing(model_service: Service, method: str, path: str,
                                                         body: dict, field: str) -> None:
    client = model_service.client
    before = stored_state(model_service.data_dir, client)
    response = client.request(method, path, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["code"] and field in response.text
    assert stored_state(model_service.data_dir, client) == before


def test_a_model_name_cannot_be_set_to_null(model_service: Service) -> None:
    response = model_service.client.patch("/api/v1/models/mdl_missing", json={"name": None})
    assert response.status_code == 422, response.text
    assert "null" in response.json()["message"]


@pytest.mark.parametrize("path", ["/api/v1/models", "/api/v1/datasets"])
def test_a_skip_beyond_the_database_integers_is_refused(model_service: Service, path: str) -> None:
    """Found by fuzzing: ?skip=2**64 overflowed SQLite's INTEGER (a 500)."""
    response = model_service.client.get(path, params={"skip": 2**64})
    assert response.status_code == 422, response.text
    assert "skip" in response.json()["message"]
    assert model_service.client.get(path, params={"skip": 2**63 - 1}).status_code == 200


def test_a_project_list_skip_beyond_the_database_integers_is_refused(profiler: Service) -> None:
    response = profiler.client.get("/api/v1/projects", params={"skip": 2**64})
    assert response.status_code == 422, response.text
    assert profiler.client.get("/api/v1/projects", params={"skip": 2**63 - 1}).status_code == 200
