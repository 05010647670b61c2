"""HTTP as RFC 9110 says, found by fuzzing (issue 13): a 405 lists in Allow every method the resource
allows, a 503 says when to retry, and a PATCH field that cannot be null is not documented as nullable."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.testclient import TestClient

from dlwb_common.api.models import ModelUpdate
from dlwb_common.errors import UnavailableError
from dlwb_service_kit.app import create_app
from dlwb_service_kit.errors import RETRY_AFTER_SECONDS
from tests.services.conftest import Service


def allow(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {method.strip() for method in response.headers["allow"].split(",")}


def test_a_405_lists_every_method_of_the_resource(model_service: Service) -> None:
    client = model_service.client
    for method, path, expected in [("OPTIONS", "/api/v1/models", {"GET", "POST"}),
                                   ("TRACE", "/api/v1/models/mdl_missing", {"GET", "PATCH"}),
                                   ("PUT", "/api/v1/uploads/upl_missing", {"GET", "PATCH", "DELETE"}),
                                   ("OPTIONS", "/api/v1/models/imports", {"POST"})]:
        response = client.request(method, path)
        assert response.status_code == 405, (method, path, response.text)
        # The path's own template decides, not another one it also fits (/models/{model_id} for /imports).
        assert allow(response) - {"HEAD"} == expected, (method, path, response.headers)
        assert response.json()["code"] == "method_not_allowed"


def test_a_503_says_when_to_retry() -> None:
    router = APIRouter()

    @router.get("/api/v1/busy")
    def busy() -> None:
        raise UnavailableError("the model service is restarting")

    app = create_app(service="test", token=lambda: "t", routers=[router], readiness=lambda: {"nats": False})
    with TestClient(app, headers={"authorization": "Bearer t"}) as client:
        for path in ("/api/v1/busy", "/readyz"):
            response = client.get(path)
            assert response.status_code == 503
            assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS), path


def test_a_patch_field_is_documented_as_not_nullable() -> None:
    properties = ModelUpdate.model_json_schema()["properties"]
    assert properties["name"]["type"] == "string" and "anyOf" not in properties["name"]
    assert {"type": "null"} in properties["task"]["anyOf"]  # null clears the task: "not set"
