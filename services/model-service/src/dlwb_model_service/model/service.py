"""Model import and conversion."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from dlwb_common.api.models import ConversionSettings, ModelPublic, ModelsPublic, ModelStatus, ModelUpdate
from dlwb_common.errors import ConflictError, InvalidInputError, NotFoundError
from dlwb_common.ids import new_id
from dlwb_common.messages.jobs import JobError, JobKind, JobStatus
from dlwb_model_service.context import Context
from dlwb_model_service.model import formats
from dlwb_model_service.model.archives import extract
from dlwb_model_service.model.convert_process import ConversionError, check_in_child, convert_in_child
from dlwb_model_service.orm import ModelRow, VariantRow
from dlwb_model_service.storage import receive
from dlwb_service_kit.jobs import to_job


def to_public(row: ModelRow) -> ModelPublic:
    return ModelPublic(
        id=row.id, name=row.name, framework=row.framework, source_filename=row.source_filename,
        source_sha256=row.source_sha256, source_size=row.source_size, status=ModelStatus(row.status),
        conversion_job_id=row.conversion_job_id, inputs=row.inputs or [], outputs=row.outputs or [],
        analysis=row.analysis, task=row.task, conversion_settings=row.conversion_settings,
        variants=[{"precision": v.precision, "xml_sha256": v.xml_sha256, "bin_sha256": v.bin_sha256,
                   "size_bytes": v.xml_size + v.bin_size} for v in row.variants],
        created_at=row.created_at)


def get(ctx: Context, model_id: str) -> ModelPublic:
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        if row is None:
            raise NotFoundError(f"model {model_id} not found", code="model.not_found")
        return to_public(row)


def update(ctx: Context, model_id: str, *, model_in: ModelUpdate) -> ModelPublic:
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        if row is None:
            raise NotFoundError(f"model {model_id} not found", code="model.not_found")
        for key, value in model_in.model_dump(exclude_unset=True).items():
            setattr(row, key, value.value if hasattr(value, "value") else value)
        session.flush()
        return to_public(row)


def get_all(ctx: Context, *, skip: int = 0, limit: int = 100) -> ModelsPublic:
    with ctx.db.session() as session:
        count = session.scalar(select(func.count()).select_from(ModelRow)) or 0
        rows = session.scalars(select(ModelRow).order_by(ModelRow.created_at.desc()).offset(skip).limit(limit))
        return ModelsPublic(data=[to_public(row) for row in rows], count=count)


async def create(ctx: Context, *, filename: str, name: str, chunks: AsyncIterator[bytes]) -> ModelPublic:
    """Store an uploaded model and queue its conversion. Nothing is left behind on any failure."""
    framework = formats.framework_of(filename)
    received = await receive(chunks, ctx.settings.incoming_dir, ctx.settings.max_upload_bytes)
    model_id = new_id("mdl")
    folder = ctx.settings.files_dir / model_id
    try:
        sources = folder / "source"
        if framework == "archive":
            if received.size == 0:
                raise InvalidInputError("the uploaded file is empty", code="model.empty")
            await asyncio.to_thread(extract, received.path, sources, original_name=filename,
                                    max_bytes=ctx.settings.max_upload_bytes)
            received.path.unlink()
            framework, main = formats.detect(sources)
        else:
            sources.mkdir(parents=True)
            main = sources / Path(filename).name
            received.path.rename(main)
        await check_in_child(main, framework)
        job_row = ctx.jobs.new_row(JobKind.convert)
        job_row.model_id = model_id
        row = ModelRow(id=model_id, name=(name or Path(filename).name.split(".")[0])[:200], framework=framework,
                       source_filename=Path(filename).name, source_entry=str(main.relative_to(sources)),
                       source_sha256=received.sha256,
                       source_size=received.size, status=ModelStatus.converting.value,
                       conversion_job_id=job_row.id, inputs=[], outputs=[])
        with ctx.db.session() as session:
            session.add_all([row, job_row])
            session.flush()
            job = to_job(job_row)
            public = to_public(row)
        try:
            await ctx.jobs.enqueue(job)
        except Exception:
            with ctx.db.session() as session:
                session.delete(session.get(ModelRow, model_id))
                session.delete(session.get(type(job_row), job_row.id))
            raise
    except BaseException:
        received.path.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return public


def log_path(ctx: Context, model_id: str) -> Path:
    return ctx.settings.files_dir / model_id / "conversion.log"


def write_log(path: Path, line: str) -> None:
    with path.open("a") as handle:
        handle.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {line}\n")


def conversion_log(ctx: Context, model_id: str) -> Path:
    get(ctx, model_id)
    path = log_path(ctx, model_id)
    if not path.exists():
        raise NotFoundError(f"model {model_id} has no conversion log yet", code="model.no_log")
    return path


async def reconvert(ctx: Context, model_id: str, settings: ConversionSettings) -> ModelPublic:
    """Convert again with edited settings (checked against the model's inputs first)."""
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        if row is None:
            raise NotFoundError(f"model {model_id} not found", code="model.not_found")
        if row.status == ModelStatus.converting.value:
            raise ConflictError(f"model {model_id} is being converted already", code="model.busy")
        known = {entry["name"] for entry in row.inputs or []}
        unknown = [s.name for s in settings.inputs if known and s.name not in known]
        if unknown:
            raise InvalidInputError(f"the model has no input {', '.join(unknown)} (inputs: {', '.join(sorted(known))})",
                                    code="conversion.unknown_input")
        job_row = ctx.jobs.new_row(JobKind.convert)
        job_row.model_id = model_id
        session.add(job_row)
        row.conversion_settings = settings.model_dump(mode="json", exclude_defaults=True)
        row.status = ModelStatus.converting.value
        row.conversion_job_id = job_row.id
        session.flush()
        job, public = to_job(job_row), to_public(row)
    await ctx.jobs.enqueue(job)
    return public


async def fail_conversion(ctx: Context, job_id: str, model_id: str, code: str, message: str) -> None:
    with ctx.db.session() as session:
        session.get(ModelRow, model_id).status = ModelStatus.failed.value
    await ctx.jobs.update(job_id, status=JobStatus.failed, stage="conversion failed",
                          error=JobError(code=code, message=message))


def source_path(ctx: Context, row: ModelRow) -> Path:
    return ctx.settings.files_dir / row.id / "source" / row.source_entry


async def run_conversion(ctx: Context, job_id: str) -> None:
    """Convert the job's model to FP32 and FP16 IR, reporting progress as the job's events."""
    job = ctx.jobs.get(job_id)
    if job.status.finished:
        return
    with ctx.db.session() as session:
        job_row = session.get(ctx.jobs.row_type, job_id)
        row = session.get(ModelRow, job_row.model_id)
        source, model_id = source_path(ctx, row), row.id
        settings = ConversionSettings.model_validate(row.conversion_settings or {})
    if job.status == JobStatus.running:  # a previous attempt died with its process: do not loop on it
        await fail_conversion(ctx, job_id, model_id, "conversion.interrupted",
                              "the conversion was interrupted (the service stopped or crashed); upload again")
        return
    await ctx.jobs.update(job_id, status=JobStatus.running, progress=0.01, stage="starting")
    log = log_path(ctx, model_id)
    write_log(log, f"conversion {job_id} of {source.name} with settings {settings.model_dump_json()}")

    async def report(progress: float, stage: str) -> None:
        write_log(log, f"{progress:4.0%} {stage}")
        await ctx.jobs.update(job_id, progress=progress, stage=stage)

    out_dir = ctx.settings.files_dir / model_id / "ir"
    try:
        converted = await convert_in_child(source, out_dir, report, settings)
    except ConversionError as exc:
        write_log(log, f"FAILED {exc.code}: {exc.message}")
        shutil.rmtree(out_dir, ignore_errors=True)
        await fail_conversion(ctx, job_id, model_id, exc.code, exc.message[:2000])
        return
    write_log(log, "done: " + ", ".join(f"{v.precision} {v.xml_sha256[:12]}" for v in converted.variants))
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        row.inputs, row.outputs, row.analysis = converted.inputs, converted.outputs, converted.analysis
        row.task = row.task or converted.analysis.get("task_guess")
        row.variants = [VariantRow(precision=v.precision, xml_sha256=v.xml_sha256, bin_sha256=v.bin_sha256,
                                   xml_size=v.xml.stat().st_size, bin_size=v.bin.stat().st_size)
                        for v in converted.variants]
        row.status = ModelStatus.ready.value
    await ctx.jobs.update(job_id, status=JobStatus.succeeded, stage="IR ready (FP32, FP16)")
