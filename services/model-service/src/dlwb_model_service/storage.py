"""Receive an upload as a stream: written to disk while hashed, never held whole in memory."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio

from dlwb_common.errors import DlwbError


class UploadTooLargeError(DlwbError):
    code = "upload.too_large"
    status = 413


@dataclass
class ReceivedFile:
    path: Path
    sha256: str
    size: int


async def receive(chunks: AsyncIterator[bytes], folder: Path, limit: int) -> ReceivedFile:
    """Stream ``chunks`` into a new file under ``folder``; the file is removed on any failure."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(8)}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        async with await anyio.open_file(path, "wb") as handle:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadTooLargeError(f"the upload exceeds the limit of {limit} bytes")
                digest.update(chunk)
                await handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ReceivedFile(path=path, sha256=digest.hexdigest(), size=size)
