"""A small typed client of the workbench REST API."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from httpx_sse import connect_sse

from dlwb_common.messages.jobs import Job
from dlwb_common.settings import default_data_dir

UPLOAD_CHUNK = 1024 * 1024
RESUMABLE_CHUNK = 8 * 1024 * 1024  # one PATCH; a broken connection costs at most this much again
RESUME_ATTEMPTS = 5


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{message} ({code}, HTTP {status})")
        self.status, self.code, self.message = status, code, message


def default_token() -> str | None:
    """``DLWB_TOKEN``, else the token the local embedded system stored in its data directory."""
    if token := os.environ.get("DLWB_TOKEN"):
        return token
    data_dir = Path(os.environ["DLWB_DATA_DIR"]) if os.environ.get("DLWB_DATA_DIR") else default_data_dir()
    stored = data_dir / "secrets" / "api-token"
    return stored.read_text().strip() if stored.exists() else None


class Client:
    def __init__(self, url: str, token: str | None) -> None:
        if not token:
            raise ApiError(401, "auth.required", "no access token: pass --token or set DLWB_TOKEN")
        self.http = httpx.Client(base_url=url.rstrip("/"), headers={"authorization": f"Bearer {token}"},
                                 timeout=httpx.Timeout(60.0, connect=5.0))

    def check(self, response: httpx.Response) -> Any:
        """The JSON of a successful response; an ApiError with the server's code otherwise."""
        return self._check(response)

    def _check(self, response: httpx.Response) -> Any:
        if response.is_success:
            return response.json()
        try:
            body = response.json()
            raise ApiError(response.status_code, body.get("code", "error"), body.get("message", response.text))
        except ValueError:
            raise ApiError(response.status_code, f"http.{response.status_code}", response.text[:300]) from None

    def get(self, path: str, **params: Any) -> Any:
        return self._check(self.http.get(path, params=params))

    def put(self, path: str, json: Any = None) -> Any:
        return self._check(self.http.put(path, json=json))

    def text(self, path: str) -> str:
        response = self.http.get(path)
        if not response.is_success:
            self._check(response)
        return response.text

    def post(self, path: str, json: Any = None, **params: Any) -> Any:
        return self._check(self.http.post(path, json=json, params=params))

    def download(self, path: str, target: Path) -> None:
        """Stream a file to ``target``; nothing is left behind if the server refuses or the transfer breaks."""
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with self.http.stream("GET", path) as response:
                if not response.is_success:
                    response.read()
                    self._check(response)
                with partial.open("wb") as handle:
                    for block in response.iter_bytes(UPLOAD_CHUNK):
                        handle.write(block)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)

    def delete(self, path: str) -> None:
        response = self.http.delete(path)
        if not response.is_success:
            self._check(response)

    def upload_resumable(self, path: Path, on_bytes=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
        """Send a file in PATCHes of 8 MiB at the server's offset; after a broken connection read
        the offset and go on (up to 5 times in a row). Returns the upload reference for an import:
        its id and the sha256 of the bytes sent, computed as they are confirmed."""
        size = path.stat().st_size
        upload = self._check(self.http.post("/api/v1/uploads", json={"filename": path.name, "size": size}))
        digest, offset = hashlib.sha256(), 0
        with path.open("rb") as handle:
            while offset < size:
                start = offset
                data = handle.read(RESUMABLE_CHUNK)
                failures = 0
                while offset < start + len(data):
                    try:
                        answer = self._check(self.http.patch(
                            f"/api/v1/uploads/{upload['id']}", content=data[offset - start:],
                            headers={"upload-offset": str(offset), "content-type": "application/octet-stream"}))
                        offset = answer["offset"]
                    except httpx.TransportError:
                        failures += 1
                        if failures >= RESUME_ATTEMPTS:
                            raise
                        offset = self.get(f"/api/v1/uploads/{upload['id']}")["offset"]
                digest.update(data)
                if on_bytes:
                    on_bytes(len(data))
        return {"upload_id": upload["id"], "sha256": digest.hexdigest()}

    def follow(self, job_id: str) -> Iterator[Job]:
        """Yield the job's state as it changes, until it finishes (server-sent events)."""
        with connect_sse(self.http, "GET", f"/api/v1/jobs/{job_id}/events",
                         timeout=httpx.Timeout(60.0, read=None)) as source:
            if not source.response.is_success:
                source.response.read()
                self._check(source.response)
            for event in source.iter_sse():
                if event.event == "job":
                    job = Job.model_validate_json(event.data)
                    yield job
                    if job.status.finished:
                        return
