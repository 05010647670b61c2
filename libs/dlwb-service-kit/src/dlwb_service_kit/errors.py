"""Map every failure to the one JSON error shape ``{"code", "message"}``, with the headers HTTP asks for."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from dlwb_common.errors import DlwbError, ErrorBody, redact_paths

HTTP_CODES = {400: "bad_request", 401: "auth.required", 403: "auth.forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type"}

# Seconds a client should wait before trying again after a 503 (a service or NATS restarting: the
# launcher restarts a crashed child within a few seconds).
RETRY_AFTER_SECONDS = 5

# Every error status an operation can answer (the published document declares them all, so a client
# generated from it knows each one): 403 bad signed links, 415 unreadable uploads, 502 and 503 from the
# gateway when a service answers garbage or is down.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 413, 415, 422, 502, 503)
}


def error_response(status: int, code: str, message: str, loc: list[str | int] | None = None,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The error body; a 503 says when to retry (RFC 9110 Retry-After)."""
    all_headers = dict(headers or {})
    if status == 503:
        all_headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    return JSONResponse(ErrorBody(code=code, message=redact_paths(message), loc=loc).model_dump(exclude_none=True),
                        status_code=status, headers=all_headers)


HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
TEMPLATE_PARAMETER = re.compile(r"\{[^}/]+\}")


def documented_methods(document: dict[str, Any], path: str) -> list[str] | None:
    """The methods the OpenAPI ``document`` lists for ``path``, from its most specific template (the fewest
    parameters: /models/imports, not /models/{model_id}); None when no template fits."""
    fits = []
    for template, operations in document.get("paths", {}).items():
        pattern = "".join(re.escape(part) if i % 2 == 0 else "[^/]+"
                          for i, part in enumerate(re.split(r"(\{[^}/]+\})", template)))
        if re.fullmatch(pattern, path):
            fits.append((len(TEMPLATE_PARAMETER.findall(template)), operations))
    if not fits:
        return None
    fewest = min(parameters for parameters, _ in fits)
    methods = {method.upper() for parameters, operations in fits if parameters == fewest for method in operations}
    return [method for method in HTTP_METHODS if method in methods or (method == "HEAD" and "GET" in methods)]


def allowed_methods(routes: Sequence[BaseRoute], scope: Scope) -> list[str]:
    """The methods ``routes`` serve on the request's path (Starlette's own 405 names only the first matching
    route's, and FastAPI nests included routers: ask each route per method)."""
    return [method for method in HTTP_METHODS
            if any(route.matches({**scope, "method": method})[0] is Match.FULL for route in routes)]


def method_not_allowed(request: Request, routes: Sequence[BaseRoute] | None = None) -> JSONResponse:
    """A 405 whose Allow lists what the app's document says of this path (RFC 9110), else the methods of
    ``routes`` (default: every route of the app) on it."""
    documented = documented_methods(request.app.openapi(), request.url.path) if routes is None else None
    allowed = documented if documented is not None else \
        allowed_methods(request.app.router.routes if routes is None else routes, request.scope)
    return error_response(405, "method_not_allowed", f"{request.method} is not allowed here; use "
                          f"{', '.join(allowed) or 'nothing'}", headers={"Allow": ", ".join(allowed)})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DlwbError)
    async def on_domain_error(_: Request, exc: DlwbError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"msg": "invalid request", "loc": []}
        code = "request.malformed_json" if first.get("type") == "json_invalid" else "request.invalid"
        where = ".".join(str(part) for part in first.get("loc", []))
        return error_response(422, code, f"{where}: {first.get('msg')}" if where else str(first.get("msg")),
                              list(first.get("loc", [])))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 405:
            return method_not_allowed(request)
        code = HTTP_CODES.get(exc.status_code, f"http.{exc.status_code}")
        return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(Exception)
    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this response, and uvicorn logs the traceback once.
        return error_response(500, "internal", "internal error; see the service log")
