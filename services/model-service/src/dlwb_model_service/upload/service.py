"""Resumable uploads: a file sent in chunks at explicit offsets, surviving a broken connection.

The client creates an upload (name and total size), PATCHes bytes at the offset the server
reports, and after a broken connection asks for the offset and sends the rest. Each upload is a
``.part`` file and a small JSON record in the uploads folder: no database row to leave behind.
The sha256 of the whole file is checked when the upload is turned into a model.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import anyio

from dlwb_common.api.models import UploadCreate, UploadPublic
from dlwb_common.errors import ConflictError, DlwbError, InvalidInputError, NotFoundError
from dlwb_common.hashing import sha256_file
from dlwb_common.ids import new_id
from dlwb_model_service.context import Context
from dlwb_model_service.model.formats import check_upload_name
from dlwb_model_service.storage import UploadTooLargeError

STALE_AFTER_SECONDS = 24 * 3600
# one writer per upload; reading the offset waits for a write in flight (e.g. one whose client just
# vanished) to end, so a resuming client never sees an offset that is about to change
_locks: dict[str, asyncio.Lock] = {}


def lock_for(upload_id: str) -> asyncio.Lock:
    return _locks.setdefault(upload_id, asyncio.Lock())


class ChecksumMismatchError(DlwbError):
    code = "upload.checksum_mismatch"
    status = 422


def _paths(ctx: Context, upload_id: str) -> tuple[Path, Path]:
    if not upload_id.startswith("upl_") or not upload_id[4:].isalnum():
        raise NotFoundError(f"upload {upload_id} not found", code="upload.not_found")
    folder = ctx.settings.uploads_dir
    return folder / f"{upload_id}.part", folder / f"{upload_id}.json"


def _public(upload_id: str, record: dict, offset: int) -> UploadPublic:
    return UploadPublic(id=upload_id, filename=record["filename"], size=record["size"], offset=offset,
                        complete=offset == record["size"], created_at=record["created_at"])


def _record(ctx: Context, upload_id: str) -> tuple[Path, dict]:
    part, meta = _paths(ctx, upload_id)
    try:
        return part, json.loads(meta.read_text())
    except FileNotFoundError:
        raise NotFoundError(f"upload {upload_id} not found (finished, cancelled or expired)",
                            code="upload.not_found") from None


def create(ctx: Context, upload_in: UploadCreate) -> UploadPublic:
    check_upload_name(upload_in.filename)
    if upload_in.size > ctx.settings.max_upload_bytes:
        raise UploadTooLargeError(f"{upload_in.size} bytes is over the upload limit of "
                                  f"{ctx.settings.max_upload_bytes} bytes")
    upload_id = new_id("upl")
    part, meta = _paths(ctx, upload_id)
    part.parent.mkdir(parents=True, exist_ok=True)
    record = {"filename": Path(upload_in.filename).name, "size": upload_in.size,
              "created_at": datetime.now(UTC).isoformat()}
    part.touch()
    meta.write_text(json.dumps(record))
    return _public(upload_id, record, 0)


async def get(ctx: Context, upload_id: str) -> UploadPublic:
    part, record = _record(ctx, upload_id)
    async with lock_for(upload_id):
        return _public(upload_id, record, part.stat().st_size)


async def append(ctx: Context, upload_id: str, offset: int, chunks: AsyncIterator[bytes]) -> UploadPublic:
    """Write ``chunks`` at ``offset``, which must be the bytes received so far. Whatever arrives
    before a broken connection is kept, so the client resumes from the offset it then reads."""
    part, record = _record(ctx, upload_id)
    async with lock_for(upload_id):
        received = part.stat().st_size
        if offset != received:
            raise ConflictError(f"the upload has {received} bytes; send from offset {received}, not {offset}",
                                code="upload.offset_mismatch")
        size = record["size"]
        async with await anyio.open_file(part, "ab") as handle:
            async for chunk in chunks:
                if received + len(chunk) > size:
                    raise InvalidInputError(f"more bytes than the announced size of {size}", code="upload.overflow")
                await handle.write(chunk)
                received += len(chunk)
    return _public(upload_id, record, received)


def cancel(ctx: Context, upload_id: str) -> None:
    part, meta = _paths(ctx, upload_id)
    if not meta.exists():
        raise NotFoundError(f"upload {upload_id} not found", code="upload.not_found")
    part.unlink(missing_ok=True)
    meta.unlink(missing_ok=True)
    _locks.pop(upload_id, None)


async def claim(ctx: Context, upload_id: str, expected_sha256: str | None) -> tuple[Path, str, str, int]:
    """A complete upload as (file, original name, sha256, size); the upload record is consumed.
    A checksum mismatch deletes the upload: its bytes are not what the client sent."""
    part, record = _record(ctx, upload_id)
    size = part.stat().st_size
    if size != record["size"]:
        raise ConflictError(f"upload {upload_id} is incomplete: {size} of {record['size']} bytes",
                            code="upload.incomplete")
    digest = await asyncio.to_thread(sha256_file, part)
    _paths(ctx, upload_id)[1].unlink(missing_ok=True)
    _locks.pop(upload_id, None)
    if expected_sha256 and digest != expected_sha256.lower():
        part.unlink(missing_ok=True)
        raise ChecksumMismatchError(f"upload {upload_id} ({record['filename']}) has sha256 {digest}, "
                                    f"not {expected_sha256}: send it again")
    return part, record["filename"], digest, size


def remove_stale(ctx: Context, now: float | None = None) -> int:
    """Delete uploads untouched for a day (an abandoned upload must not fill the disk)."""
    folder, removed = ctx.settings.uploads_dir, 0
    cutoff = (now or time.time()) - STALE_AFTER_SECONDS
    for meta in folder.glob("upl_*.json") if folder.exists() else []:
        part = meta.with_suffix(".part")
        touched = max(meta.stat().st_mtime, part.stat().st_mtime if part.exists() else 0)
        if touched < cutoff:
            part.unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
            removed += 1
    return removed
