"""Conversion jobs: queued with their model, re-run with new settings, and run (the worker), with a log."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from dlwb_common.api.models import ConversionSettings, ModelPublic, ModelStatus
from dlwb_common.errors import ConflictError, DlwbError, InvalidInputError
from dlwb_common.messages.jobs import JobError, JobKind, JobStatus
from dlwb_common.precision import variant_label
from dlwb_model_service.context import Context
from dlwb_model_service.model.convert_process import ConversionError, convert_in_child
from dlwb_model_service.model.crud import get, get_row, to_public
from dlwb_model_service.orm import ModelRow, VariantRow
from dlwb_service_kit.job_log import JobLog
from dlwb_service_kit.jobs import to_job


async def add_and_enqueue(ctx: Context, row: ModelRow) -> ModelPublic:
    """Store a new model row with its conversion job and queue the job; both rows go if queueing fails."""
    job_row = ctx.jobs.new_row(JobKind.convert)
    job_row.model_id = row.id
    row.conversion_job_id = job_row.id
    with ctx.db.session() as session:
        session.add_all([row, job_row])
        session.flush()
        job = to_job(job_row)
        public = to_public(row)
    try:
        await ctx.jobs.enqueue(job)
    except Exception:
        with ctx.db.session() as session:
            session.delete(session.get(ModelRow, row.id))
            session.delete(session.get(type(job_row), job_row.id))
        raise
    return public


def check_inputs(row: ModelRow, settings: ConversionSettings) -> None:
    known = {entry["name"] for entry in row.inputs or []}
    unknown = [s.name for s in settings.inputs if known and s.name not in known]
    if unknown:
        raise InvalidInputError(f"the model has no input {', '.join(unknown)} (inputs: {', '.join(sorted(known))})",
                                code="conversion.unknown_input")


async def reconvert(ctx: Context, model_id: str, settings: ConversionSettings) -> ModelPublic:
    """Convert again with edited settings (checked against the model's inputs first)."""
    with ctx.db.session() as session:
        row = get_row(session, model_id)
        if row.status in (ModelStatus.converting.value, ModelStatus.downloading.value):
            raise ConflictError(f"model {model_id} is being {row.status} already", code="model.busy")
        check_inputs(row, settings)
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


async def fail_conversion(ctx: Context, job_id: str, model_id: str, code: str, message: str,
                          stage: str = "conversion failed") -> None:
    with ctx.db.session() as session:
        session.get(ModelRow, model_id).status = ModelStatus.failed.value
    await ctx.jobs.update(job_id, status=JobStatus.failed, stage=stage,
                          error=JobError(code=code, message=message))


def source_path(ctx: Context, row: ModelRow) -> Path:
    return ctx.settings.files_dir / row.id / "source" / row.source_entry


Report = Callable[[float, str], Awaitable[None]]
# downloads a model's sources (Open Model Zoo): (ctx, model id, catalog name, precision, report) ->
# (framework, main path, source digest)
FetchSources = Callable[[Context, str, str, str, Report], Awaitable[tuple[str, Path, str]]]


async def download_sources(ctx: Context, job_id: str, model_id: str, fetch: FetchSources, report: Report) -> Path:
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        omz_name, precision = row.omz_name or "", row.omz_precision or "FP32"
    framework, main, digest = await fetch(ctx, model_id, omz_name, precision, report)
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        row.framework, row.source_sha256, row.status = framework, digest, ModelStatus.converting.value
        row.source_entry = str(main.relative_to(ctx.settings.files_dir / model_id / "source"))
    return main


async def run_conversion(ctx: Context, job_id: str, fetch: FetchSources | None = None) -> None:
    """Convert the job's model to IR (downloading its sources first for an Open Model Zoo import),
    reporting progress as the job's events."""
    job = ctx.jobs.get(job_id)
    if job.status.finished:
        return
    with ctx.db.session() as session:
        job_row = session.get(ctx.jobs.row_type, job_id)
        row = session.get(ModelRow, job_row.model_id)
        model_id, framework, downloading = row.id, row.framework, row.status == ModelStatus.downloading.value
        source = None if downloading else source_path(ctx, row)
        settings = ConversionSettings.model_validate(row.conversion_settings or {})
    if job.status == JobStatus.running:  # a previous attempt died with its process: do not loop on it
        await fail_conversion(ctx, job_id, model_id, "conversion.interrupted",
                              "the conversion was interrupted (the service stopped or crashed); upload again")
        return
    await ctx.jobs.update(job_id, status=JobStatus.running, progress=0.01, stage="starting")
    log = job_log(ctx, model_id)

    async def report(progress: float, stage: str) -> None:
        log.write(f"{progress:4.0%} {stage}")
        await ctx.jobs.update(job_id, progress=progress, stage=stage)

    if source is None:
        if fetch is None:
            raise RuntimeError("an Open Model Zoo import needs a source fetcher")
        try:
            source = await download_sources(ctx, job_id, model_id, fetch, report)
        except DlwbError as exc:
            log.write(f"FAILED {exc.code}: {exc.message}")
            await fail_conversion(ctx, job_id, model_id, exc.code, exc.message[:2000], stage="download failed")
            return
        with ctx.db.session() as session:
            framework = session.get(ModelRow, model_id).framework
    log.write(f"conversion {job_id} of {source.name} with settings {settings.model_dump_json()}")

    out_dir = ctx.settings.files_dir / model_id / "ir"
    try:
        converted = await convert_in_child(source, out_dir, report, settings, framework)
    except ConversionError as exc:
        log.write(f"FAILED {exc.code}: {exc.message}")
        shutil.rmtree(out_dir, ignore_errors=True)
        await fail_conversion(ctx, job_id, model_id, exc.code, exc.message[:2000])
        return
    log.write("done: " + ", ".join(f"{variant_label(v.precision, v.weight_precision)} {v.xml_sha256[:12]}"
                                   for v in converted.variants))
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        row.inputs, row.outputs, row.analysis = converted.inputs, converted.outputs, converted.analysis
        row.task = row.task or converted.analysis.get("task_guess")
        row.variants = [VariantRow(precision=v.precision, xml_sha256=v.xml_sha256, bin_sha256=v.bin_sha256,
                                   xml_size=v.xml.stat().st_size, bin_size=v.bin.stat().st_size,
                                   weight_precision=v.weight_precision)
                        for v in converted.variants]
        row.status = ModelStatus.ready.value
    precisions = ", ".join(variant_label(v.precision, v.weight_precision) for v in converted.variants)
    await ctx.jobs.update(job_id, status=JobStatus.succeeded, stage=f"IR ready ({precisions})")


def job_log(ctx: Context, model_id: str) -> JobLog:
    return JobLog(ctx.settings.files_dir / model_id / "conversion.log")


def read_conversion_log(ctx: Context, model_id: str) -> str:
    get(ctx, model_id)
    return job_log(ctx, model_id).read(f"model {model_id} has no conversion log yet", "model.no_log")
