"""Map every failure to the one JSON error shape ``{"code", "message"}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dlwb_common.errors import DlwbError, ErrorBody, redact_paths

HTTP_CODES = {400: "bad_request", 401: "auth.required", 403: "auth.forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type"}

ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody} for status in (400, 401, 404, 409, 413, 422, 503)
}


def error_response(status: int, code: str, message: str, loc: list[str | int] | None = None) -> JSONResponse:
    return JSONResponse(ErrorBody(code=code, message=redact_paths(message), loc=loc).model_dump(exclude_none=True),
                        status_code=status)


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
    async def on_http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, f"http.{exc.status_code}")
        return error_response(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this response, and uvicorn logs the traceback once.
        return error_response(500, "internal", "internal error; see the service log")
