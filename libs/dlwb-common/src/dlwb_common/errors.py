"""Stable machine error codes and the one error shape used on HTTP and on the bus."""

from __future__ import annotations

import re

from pydantic import BaseModel

# An absolute file path in running text (not a URL's path: no scheme, host or dot right before the slash).
ABSOLUTE_PATH = re.compile(r"(?<![\w:/.~-])(?:/[^\s/'\"<>:,;()\[\]]+)+/([^\s/'\"<>:,;()\[\]]+)")


def redact_paths(message: str) -> str:
    """Keep only the file name of every absolute path: messages reach users and logs they share; where the
    server keeps its files is nobody's business (``/srv/data/models/m1/source/x.onnx`` -> ``x.onnx``)."""
    return ABSOLUTE_PATH.sub(r"\1", message)


class ErrorBody(BaseModel):
    """The JSON body of every error response: ``{"code": ..., "message": ...}``."""

    code: str
    message: str
    loc: list[str | int] | None = None


class DlwbError(Exception):
    """A domain error with a stable ``code``, a human ``message`` and the HTTP status it maps to."""

    code = "internal"
    status = 500

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def body(self) -> ErrorBody:
        return ErrorBody(code=self.code, message=self.message)


class NotFoundError(DlwbError):
    code = "not_found"
    status = 404


class InvalidInputError(DlwbError):
    code = "invalid_input"
    status = 422


class ConflictError(DlwbError):
    code = "conflict"
    status = 409


class UnavailableError(DlwbError):
    code = "unavailable"
    status = 503


class CancelledError(DlwbError):
    """A job stopped because someone cancelled it."""

    code = "job.cancelled"
    status = 409


def error_from(body: ErrorBody, status: int) -> DlwbError:
    """The error another process raised, rebuilt from its ``{code, message}`` and HTTP status: the class
    whose own code is ``body.code`` (e.g. ``job.cancelled``), else the one of that status, else ``DlwbError``."""
    kinds = [NotFoundError, InvalidInputError, ConflictError, UnavailableError, CancelledError]
    kind = next((k for k in kinds if k.code == body.code), None) \
        or next((k for k in kinds if k.status == status), DlwbError)
    return kind(body.message, code=body.code, status=status)
