"""The published OpenAPI document: the gateway's own routes merged with the services' documents.

The services' part is merged at build time by ``scripts/export_openapi.py`` (which imports the services'
apps in-process) and shipped in this package as ``services-openapi.json``. Why not fetch each service's
/openapi.json when the gateway starts: the document would then depend on which services are up and in
which order they started, and the SPA's client (generated from the same merge into frontend/openapi.json)
could differ from what the gateway serves. Built once, the document is the same everywhere, and
tests/unit/test_openapi_fresh.py fails when a service's API changes without a fresh export.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from dlwb_gateway.routing import GATEWAY_SEGMENTS, PATH_SEGMENT, is_public, owner_of, segments

SERVICES_DOCUMENT = Path(__file__).parent / "services-openapi.json"
BEARER = {"bearer": {"type": "http", "scheme": "bearer", "description": "the API token"}}
Document = dict[str, Any]


def add_schemas(target: Document, schemas: Mapping[str, Any], origin: str) -> None:
    for name, schema in schemas.items():
        if target.setdefault(name, schema) != schema:
            raise ValueError(f"{origin} defines the schema {name} differently from another document")


def merge_services(documents: Mapping[str, Document]) -> Document:
    """The /api/v1 paths and component schemas of each service (keyed by routing.Service name); a path
    must belong to the service that documents it, except /jobs, which the gateway documents itself."""
    merged: Document = {"paths": {}, "components": {"schemas": {}}}
    for service, document in documents.items():
        for path, operations in document["paths"].items():
            parts = segments(path)
            if not parts or parts[0] in GATEWAY_SEGMENTS:
                continue  # the service's health, its /internal routes, /jobs
            if owner_of(path) != service:
                raise ValueError(f"the {service} service documents {path}, which the gateway forwards to "
                                 f"{owner_of(path)}: update dlwb_gateway.routing.OWNERS")
            if path in merged["paths"]:
                raise ValueError(f"{path} is documented by two services")
            merged["paths"][path] = operations
        add_schemas(merged["components"]["schemas"], document.get("components", {}).get("schemas", {}), service)
    return merged


def publish(own: Document, services: Document) -> Document:
    """The gateway's own document plus the services' part, every operation marked with the bearer token
    (``security: []`` on the routes that need none: health, signed links, join tokens)."""
    document = copy.deepcopy(own)
    for path in services["paths"]:
        if path in document["paths"]:
            raise ValueError(f"{path} is documented by the gateway and by a service")
    document["paths"].update(services["paths"])
    add_schemas(document.setdefault("components", {}).setdefault("schemas", {}),
                services["components"]["schemas"], "the services' document")
    document["components"]["securitySchemes"] = BEARER
    document["security"] = [{"bearer": []}]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not segments(path) or is_public(method, path):
                operation["security"] = []
            constrain_path_ids(operation)
    return document


def constrain_path_ids(operation: Document) -> None:
    """State the gateway's id rule (dlwb_gateway.path_check) on every string path parameter that has no
    stricter one of its own (an enum, a pattern, a referenced schema)."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") == "path" and schema.get("type") == "string" \
                and not {"enum", "pattern", "const"} & schema.keys():
            schema.update(pattern=f"^{PATH_SEGMENT.pattern}$", maxLength=128)


def install_openapi(app: FastAPI, services: Callable[[], Document]) -> None:
    """Serve ``publish(app's own document, services())`` as the app's /openapi.json."""
    own = app.openapi

    def published() -> Document:
        if app.openapi_schema is None:
            app.openapi_schema = publish(own(), services())
        return app.openapi_schema

    app.openapi = published  # type: ignore[method-assign]


def shipped_services_document() -> Document:
    return json.loads(SERVICES_DOCUMENT.read_text())
