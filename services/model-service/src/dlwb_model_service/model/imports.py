"""A model from uploaded files: placed in its source folder (archives extracted), checked, queued."""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from dlwb_common.api.models import ConversionSettings, ModelImport, ModelPublic, ModelStatus, ModelTask, Origin
from dlwb_common.errors import InvalidInputError
from dlwb_common.ids import new_id
from dlwb_engine.archives import extract, is_archive
from dlwb_model_service.context import Context
from dlwb_model_service.model import formats
from dlwb_model_service.model.conversion_jobs import add_and_enqueue
from dlwb_model_service.model.convert_process import check_in_child
from dlwb_model_service.orm import ModelRow
from dlwb_model_service.storage import receive
from dlwb_model_service.upload import service as uploads


@dataclass
class Staged:
    """A received file waiting to become (part of) a model's source."""

    path: Path
    filename: str
    sha256: str
    size: int


async def create(ctx: Context, *, filename: str, name: str, chunks: AsyncIterator[bytes]) -> ModelPublic:
    """Store a model sent as one request body and queue its conversion."""
    formats.framework_of(filename)
    received = await receive(chunks, ctx.settings.incoming_dir, ctx.settings.max_upload_bytes)
    staged = Staged(received.path, Path(filename).name, received.sha256, received.size)
    return await import_staged(ctx, [staged], name=name, settings=ConversionSettings())


async def create_from_uploads(ctx: Context, model_in: ModelImport) -> ModelPublic:
    """Make a model of finished resumable uploads, each checked against its sha256 first."""
    staged: list[Staged] = []
    try:
        for ref in model_in.uploads:
            path, filename, sha256, size = await uploads.claim(ctx, ref.upload_id, ref.sha256)
            staged.append(Staged(path, filename, sha256, size))
    except BaseException:
        for item in staged:
            item.path.unlink(missing_ok=True)
        raise
    return await import_staged(ctx, staged, name=model_in.name, settings=model_in.settings, task=model_in.task)


def place_sources(staged: list[Staged], sources: Path, max_bytes: int) -> tuple[str, Path]:
    """Move staged files into the model's source folder (extracting an archive) and find the model."""
    names = [item.filename for item in staged]
    if len(set(names)) != len(names):
        raise InvalidInputError(f"two uploaded files have the same name: {', '.join(sorted(names))}",
                                code="model.duplicate_file")
    if len(staged) == 1:
        only = staged[0]
        framework = formats.framework_of(only.filename)
        if framework != "archive":
            sources.mkdir(parents=True)
            main = sources / only.filename
            only.path.rename(main)
            return framework, main
        if only.size == 0:
            raise InvalidInputError("the uploaded file is empty", code="model.empty")
        extract(only.path, sources, original_name=only.filename, max_bytes=max_bytes)
        only.path.unlink()
        return formats.detect(sources)
    if any(is_archive(name) for name in names):
        raise formats.UnsupportedFormatError("send one archive, or the model's files themselves, not both")
    sources.mkdir(parents=True)
    for item in staged:
        formats.check_upload_name(item.filename)
        item.path.rename(sources / item.filename)
    return formats.detect(sources)


def combined_digest(staged: list[Staged]) -> str:
    """The sha256 of a one-file source, or of the sorted "sha256  name" lines of a multi-file one."""
    if len(staged) == 1:
        return staged[0].sha256
    lines = "".join(f"{item.sha256}  {item.filename}\n" for item in sorted(staged, key=lambda i: i.filename))
    return hashlib.sha256(lines.encode()).hexdigest()


async def import_staged(ctx: Context, staged: list[Staged], *, name: str, settings: ConversionSettings,
                        task: ModelTask | None = None) -> ModelPublic:
    """Turn received files into a model and queue its conversion. Nothing is left behind on any failure."""
    model_id = new_id("mdl")
    folder = ctx.settings.files_dir / model_id
    display = staged[0].filename if len(staged) == 1 else f"{len(staged)} files"
    try:
        sources = folder / "source"
        framework, main = await asyncio.to_thread(place_sources, staged, sources, ctx.settings.max_upload_bytes)
        await check_in_child(main, framework)
        row = ModelRow(id=model_id, name=(name or Path(staged[0].filename).name.split(".")[0])[:200],
                       framework=framework, source_filename=display[:255],
                       source_entry=str(main.relative_to(sources)), source_sha256=combined_digest(staged),
                       source_size=sum(item.size for item in staged), status=ModelStatus.converting.value,
                       inputs=[], outputs=[], task=task.value if task else None,
                       conversion_settings=settings.model_dump(mode="json", exclude_defaults=True),
                       origin=Origin.upload.value)
        return await add_and_enqueue(ctx, row)
    except BaseException:
        for item in staged:
            item.path.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
