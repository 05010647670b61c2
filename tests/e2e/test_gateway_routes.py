"""Every route a service documents under /api/v1 is reachable through the gateway (its prefix table
forwards it to that service) and documented exactly once in the gateway's published document."""

from __future__ import annotations

import re

import httpx
import pytest

from dlwb_common.messages.jobs import JOB_OWNER
from dlwb_common.settings import secret_file
from tests.conftest import RunningSystem
from tests.e2e.test_auth import concrete, routes

pytestmark = pytest.mark.e2e

GATEWAY_OWN = {("GET", "/api/v1/auth/check"), ("GET", "/api/v1/jobs/{job_id}/events")}


def service_routes(system: RunningSystem) -> dict[str, set[tuple[str, str]]]:
    """The /api/v1 routes each service documents, by service name."""
    settings = system.system.settings
    internal = secret_file(settings.data_dir, "internal-token")
    ports = {"model": settings.model_port, "profiler": settings.profiler_port,
             "calibration": settings.calibration_port}
    return {service: {(method, path) for method, path in routes(f"http://127.0.0.1:{port}", internal)
                      if path.startswith("/api/v1/")} for service, port in ports.items()}


def example_path(service: str, path: str) -> str:
    """``path`` with made-up ids; a job id names its owner, so it gets one of ``service``'s kinds."""
    kind = next(kind for kind, owner in JOB_OWNER.items() if owner == service)
    return concrete(path.replace("{job_id}", f"{kind.value}_nope"))


def test_every_service_route_is_forwarded_to_its_service(system: RunningSystem) -> None:
    with system.client() as client:
        for service, listed in service_routes(system).items():
            for method, path in sorted(listed):
                response = client.request(method, example_path(service, path))
                # "not_found" / "method_not_allowed" come from a router (the gateway's table, or a service
                # that was sent a path it does not own); the services' own refusals have specific codes.
                assert response.json().get("code") not in ("not_found", "method_not_allowed"), (
                    service, method, path, response.status_code, response.text)


def test_every_service_route_is_documented_exactly_once(system: RunningSystem) -> None:
    def shape(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", path)

    published = [(method, shape(path)) for method, path in routes(system.url) if path.startswith("/api/v1/")]
    by_service = service_routes(system)
    for service, listed in by_service.items():
        for method, path in listed:
            assert published.count((method, shape(path))) == 1, (service, method, path)
    every_service_route = {(method, shape(path)) for listed in by_service.values() for method, path in listed}
    assert set(published) == every_service_route | {(method, shape(path)) for method, path in GATEWAY_OWN}


def test_an_unknown_api_path_is_a_404_in_the_error_shape(system: RunningSystem) -> None:
    with system.client() as client:
        for path in ("/api/v1/nothing-here", "/api/v1/models/%2e%2e/calibrations", "/api/v1/modelsx"):
            response = client.get(path)
            assert response.status_code == 404 and response.json()["code"] == "not_found", path
            assert response.json()["message"]
    assert httpx.get(f"{system.url}/api/v1/nothing-here").status_code == 404


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/v1/benchmarks/%1D"), ("PATCH", "/api/v1/uploads/%0A"),
                                              ("GET", "/api/v1/models/a%00b"), ("GET", "/api/v1/jobs/bench_%0A")])
def test_an_encoded_control_character_in_an_id_is_a_clear_client_error(system: RunningSystem, method: str,
                                                                         path: str) -> None:
    """Found by fuzzing: the gateway decoded the id and crashed building the upstream URL (500/502)."""
    with system.client() as client:
        response = client.request(method, path, json={} if method == "PATCH" else None)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    assert body["code"] and body["message"], body


@pytest.mark.parametrize(("method", "path", "allowed"), [("TRACE", "/api/v1/auth/check", {"GET"}),
                                                         ("OPTIONS", "/api/v1/models", {"GET", "POST"}),
                                                         ("TRACE", "/api/v1/projects/prj_x/benchmarks",
                                                          {"GET", "POST"})])
def test_a_method_the_resource_does_not_allow_is_a_405_listing_the_allowed_ones(
        system: RunningSystem, method: str, path: str, allowed: set[str]) -> None:
    """Found by fuzzing: TRACE was a 405 without Allow (or a 404 on the gateway's own routes)."""
    with system.client() as client:
        response = client.request(method, path)
    assert response.status_code == 405, (response.status_code, response.text)
    assert allowed <= {part.strip() for part in response.headers["allow"].split(",")}, response.headers
    assert response.json()["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/api/v1/models/a%20b", "/api/v1/benchmarks/%C3%A9t%C3%A9",
                                  "/api/v1/jobs/bench_" + "x" * 200, "/api/v1/datasets/a'b/samples"])
def test_a_path_segment_no_id_can_match_is_refused_at_the_gateway(system: RunningSystem, path: str) -> None:
    with system.client() as client:
        response = client.get(path)
    assert response.status_code == 422, (response.status_code, response.text)
    assert response.json()["code"] == "request.invalid_path"


def test_the_published_document_states_the_id_rule_on_every_path_parameter(system: RunningSystem) -> None:
    document = httpx.get(f"{system.url}/openapi.json").json()
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                if parameter["in"] == "path" and schema.get("type") == "string":
                    assert "pattern" in schema or "enum" in schema, (path, parameter)
