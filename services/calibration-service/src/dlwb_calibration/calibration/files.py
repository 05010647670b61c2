"""A calibration's files: its job log, and the INT8 IR (written here by NNCF or uploaded by an agent)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import anyio

from dlwb_calibration.calibration import crud
from dlwb_calibration.context import Context
from dlwb_common.errors import NotFoundError
from dlwb_common.signing import signed_query, verify
from dlwb_service_kit.job_log import JobLog

CHILD_FILES = ("model.xml", "model.bin")


def folder(ctx: Context, calibration_id: str) -> Path:
    return ctx.settings.files_dir / calibration_id


def int8_folder(ctx: Context, calibration_id: str) -> Path:
    return folder(ctx, calibration_id) / "int8"


def job_log(ctx: Context, calibration_id: str) -> JobLog:
    return JobLog(folder(ctx, calibration_id) / "calibration.log")


def read_log(ctx: Context, calibration_id: str) -> str:
    crud.get(ctx, calibration_id)
    return job_log(ctx, calibration_id).read(f"calibration {calibration_id} has no log yet", "calibration.no_log")


def upload_url(ctx: Context, calibration_id: str, name: str) -> str:
    query = signed_query(ctx.settings.signing_key, f"{calibration_id}/{name}", ctx.settings.upload_url_ttl_seconds)
    return f"{ctx.settings.public_url.rstrip('/')}/api/v1/calibrations/{calibration_id}/uploads/{name}?{query}"


async def receive_upload(ctx: Context, calibration_id: str, name: str, expires: int, sig: str,
                         chunks: AsyncIterator[bytes]) -> None:
    """An agent's INT8 result, through a signed link (no API token on targets)."""
    verify(ctx.settings.signing_key, f"{calibration_id}/{name}", expires, sig)
    if name not in CHILD_FILES:
        raise NotFoundError(f"no upload {name}", code="calibration.no_file")
    target = int8_folder(ctx, calibration_id) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    try:
        async with await anyio.open_file(partial, "wb") as handle:
            async for chunk in chunks:
                await handle.write(chunk)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def child_file(ctx: Context, calibration_id: str, name: str) -> Path:
    path = int8_folder(ctx, calibration_id) / name
    if name not in CHILD_FILES or not path.exists():
        raise NotFoundError(f"calibration {calibration_id} has no {name}", code="calibration.no_file")
    return path
