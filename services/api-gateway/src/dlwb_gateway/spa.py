"""Serve the built SPA: real files as they are, every other non-API path as index.html."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from starlette.exceptions import HTTPException


def mount_spa(app: FastAPI, root: Path | None) -> None:
    @app.get("/{path:path}", include_in_schema=False)
    async def spa(path: str):  # type: ignore[no-untyped-def]
        if path.startswith("api/") or root is None:
            if root is None and not path.startswith("api/"):
                return JSONResponse({"code": "spa.not_built", "message": "the SPA is not built: run "
                                     "'npm ci && npm run build' in frontend/"}, status_code=404)
            raise HTTPException(404, f"no route /{path}")
        try:
            candidate = (root / path).resolve()
        except (ValueError, OSError):  # NUL bytes and other impossible paths
            raise HTTPException(404, "not found") from None
        if path and candidate.is_file() and candidate.is_relative_to(root.resolve()):
            return FileResponse(candidate)
        return FileResponse(root / "index.html")
