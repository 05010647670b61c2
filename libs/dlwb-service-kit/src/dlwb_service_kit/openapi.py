"""OpenAPI details FastAPI cannot infer from a view: raw request bodies and non-JSON answers."""

from __future__ import annotations

from typing import Any


def raw_body(media_type: str = "application/octet-stream") -> dict[str, Any]:
    """``openapi_extra`` of a route that reads its body as a stream of bytes (``request.stream()``)."""
    return {"requestBody": {"required": True, "content": {media_type: {"schema": {"type": "string",
                                                                                  "format": "binary"}}}}}


def file_answer(description: str, *media_types: str) -> dict[int | str, dict[str, Any]]:
    """``responses`` of a route that answers 200 with a file (errors stay JSON: pair it with
    ``response_class=Response``, not a text or file response class)."""
    return {200: {"content": {media_type: {} for media_type in media_types}, "description": description}}
