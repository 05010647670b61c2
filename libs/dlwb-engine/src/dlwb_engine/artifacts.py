"""Download artifacts into a cache addressed by sha256; resume partial downloads; verify every byte."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import httpx

from dlwb_common.errors import DlwbError
from dlwb_common.messages.agent import ArtifactRef

CHUNK = 1024 * 1024
TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class ArtifactError(DlwbError):
    code = "artifact.fetch_failed"


class _RangeNotSatisfiable(Exception):
    pass


class ArtifactCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.folder / sha256

    def fetch_all(self, refs: Sequence[ArtifactRef], headers: dict[str, str] | None = None) -> list[Path]:
        """Each artifact's cached file, in order, downloading what is missing over one connection pool."""
        with httpx.Client(timeout=TIMEOUT, headers=headers) as client:
            return [self.fetch(ref, client) for ref in refs]

    def fetch(self, ref: ArtifactRef, client: httpx.Client) -> Path:
        """Return the cached file, downloading (or resuming) it first if needed."""
        final = self.path(ref.sha256)
        if final.exists():
            return final
        partial = final.with_suffix(".part")
        digest = hashlib.sha256()
        offset = partial.stat().st_size if partial.exists() else 0
        if offset > ref.size:
            partial.unlink()
            offset = 0
        if offset:
            with partial.open("rb") as handle:
                while block := handle.read(CHUNK):
                    digest.update(block)
        try:
            if offset < ref.size or ref.size == 0:
                digest = self._download(ref, client, partial, offset, digest)
        except _RangeNotSatisfiable:  # the partial file is not a prefix we can resume: start over
            partial.unlink(missing_ok=True)
            return self.fetch(ref, client)
        if digest.hexdigest() != ref.sha256:
            partial.unlink(missing_ok=True)
            raise ArtifactError(f"artifact {ref.sha256[:12]} failed its sha256 check", code="artifact.corrupt")
        partial.rename(final)
        return final

    @staticmethod
    def _download(ref: ArtifactRef, client: httpx.Client, partial: Path, offset: int,
                  digest: hashlib._Hash) -> hashlib._Hash:
        """Append the rest of the file to ``partial``; returns the digest of the whole file so far."""
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        try:
            with client.stream("GET", ref.url, headers=headers) as response:
                if response.status_code == 416:
                    raise _RangeNotSatisfiable()
                if response.status_code == 200 and offset:  # the server ignored the range: start over
                    digest, offset = hashlib.sha256(), 0
                elif response.status_code not in (200, 206):
                    raise ArtifactError(f"download of {ref.sha256[:12]} failed: HTTP {response.status_code} "
                                        f"{response.read()[:300]!r}")
                with partial.open("ab" if offset else "wb") as handle:
                    for block in response.iter_bytes(CHUNK):
                        digest.update(block)
                        handle.write(block)
        except httpx.HTTPError as exc:
            raise ArtifactError(f"download of {ref.sha256[:12]} failed: {exc}") from exc
        return digest
