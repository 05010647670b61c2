"""Calls of the public API that the tests share; each takes any ``httpx.Client`` (a ``TestClient`` of one
in-process service, or a client of the whole system's gateway: the routes are the same)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import httpx


def post_model(client: httpx.Client, content: bytes, filename: str) -> httpx.Response:
    """Upload a model file as the raw request body."""
    return client.post("/api/v1/models", params={"filename": filename}, content=content,
                       headers={"content-type": "application/octet-stream"})


def post_model_file(client: httpx.Client, path: Path, filename: str | None = None) -> httpx.Response:
    return post_model(client, path.read_bytes(), filename or path.name)


def stored_state(data_dir: Path, client: httpx.Client) -> tuple[int, list[str]]:
    """How many models exist and which files the model-service holds."""
    root = data_dir / "model-service"
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
    return client.get("/api/v1/models").json()["count"], files


def start_upload(client: httpx.Client, filename: str, size: int) -> dict:
    response = client.post("/api/v1/uploads", json={"filename": filename, "size": size})
    assert response.status_code == 201, response.text
    return response.json()


def send_upload(client: httpx.Client, upload_id: str, offset: int, data: bytes | Iterator[bytes]) -> httpx.Response:
    return client.patch(f"/api/v1/uploads/{upload_id}", content=data,
                        headers={"upload-offset": str(offset), "content-type": "application/octet-stream"})


def upload_whole(client: httpx.Client, path: Path) -> dict:
    """Send a file as one resumable upload; the reference an import takes."""
    data = path.read_bytes()
    upload = start_upload(client, path.name, len(data))
    assert send_upload(client, upload["id"], 0, data).json()["complete"] is True
    return {"upload_id": upload["id"], "sha256": hashlib.sha256(data).hexdigest()}


def import_uploads(client: httpx.Client, refs: list[dict], **extra: object) -> httpx.Response:
    return client.post("/api/v1/models/imports", json={"uploads": refs, **extra})


def import_archive(client: httpx.Client, path: Path, name: str = "") -> httpx.Response:
    """Upload a dataset archive and import it."""
    ref = upload_whole(client, path)
    return client.post("/api/v1/datasets/imports", json={**ref, "name": name})
