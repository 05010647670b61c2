"""Fetch a catalog model's files from the mirror, each checked against its sha384 while it streams."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path, PurePosixPath

import anyio
import httpx

from dlwb_common.api.omz import OmzFile, OmzModel
from dlwb_common.errors import DlwbError, InvalidInputError

CHUNK = 1024 * 1024


class MirrorError(DlwbError):
    code = "omz.download_failed"
    status = 502


class ChecksumError(DlwbError):
    code = "omz.checksum_mismatch"
    status = 502


def files_for(model: OmzModel, precision: str) -> list[OmzFile]:
    """The files to fetch: for a model the zoo ships as IR, those of one precision folder."""
    if model.framework != "openvino":
        return model.files
    chosen = [f for f in model.files if precision in PurePosixPath(f.path).parts]
    if not chosen:
        raise InvalidInputError(f"{model.name} has no {precision} IR (precisions: {', '.join(model.precisions)})",
                                code="omz.no_precision")
    return chosen


def local_path(folder: Path, file: OmzFile) -> Path:
    parts = PurePosixPath(file.path).parts[1:]  # drop the model-name folder
    if not parts or any(part in ("..", ".", "") for part in parts) or PurePosixPath(file.path).is_absolute():
        raise MirrorError(f"catalog path {file.path!r} is not a plain relative path", code="omz.bad_catalog")
    return folder.joinpath(*parts)


def url_of(file: OmzFile, mirror: str | None, default_mirror: str) -> str:
    """A configured mirror serves every file by its catalog path; without one, the zoo's own source."""
    if mirror:
        return f"{mirror.rstrip('/')}/{file.path}"
    return file.url or f"{default_mirror.rstrip('/')}/{file.path}"


async def fetch(client: httpx.AsyncClient, files: list[OmzFile], folder: Path, url_for: Callable[[OmzFile], str],
                report: Callable[[int, int], Awaitable[None]]) -> None:
    """Download ``files`` into ``folder``, reporting (bytes so far, total). The caller removes
    ``folder`` on a failure."""
    total, done = sum(f.size for f in files), 0
    for file in files:
        target = local_path(folder, file)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha384(), 0
        url = url_for(file)
        try:
            async with client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise MirrorError(f"the mirror answered {response.status_code} for {url}")
                async with await anyio.open_file(target, "wb") as handle:
                    async for chunk in response.aiter_bytes(CHUNK):
                        size += len(chunk)
                        if size > file.size:
                            raise ChecksumError(f"{file.path} is larger than the catalog's {file.size} bytes")
                        digest.update(chunk)
                        await handle.write(chunk)
                        done += len(chunk)
                        await report(done, total)
        except httpx.HTTPError as exc:
            raise MirrorError(f"cannot download {url}: {exc}") from exc
        if digest.hexdigest() != file.sha384:
            raise ChecksumError(f"{file.path}: sha384 {digest.hexdigest()} does not match the catalog's "
                                f"{file.sha384} (a corrupt or substituted file on the mirror)")
