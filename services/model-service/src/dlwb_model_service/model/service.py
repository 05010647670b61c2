"""Model import and conversion."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import func, select

from dlwb_common.api.accuracy import AccuracyConfig, OutputDistancePublic, OutputDistanceRequest, Prediction
from dlwb_common.api.models import (
    ConversionSettings,
    LineageEntry,
    ModelDerive,
    ModelGraph,
    ModelImport,
    ModelLineage,
    ModelPublic,
    ModelsPublic,
    ModelStatus,
    ModelTask,
    ModelUpdate,
    Origin,
    Precision,
)
from dlwb_common.errors import ConflictError, DlwbError, InvalidInputError, NotFoundError
from dlwb_common.ids import new_id
from dlwb_common.messages.jobs import JobError, JobKind, JobStatus
from dlwb_common.messages.models import (
    DiscardChildReply,
    DiscardChildRequest,
    RegisterChildReply,
    RegisterChildRequest,
)
from dlwb_engine.archives import extract, is_archive
from dlwb_model_service.context import Context
from dlwb_model_service.dataset import service as datasets
from dlwb_model_service.model import distance, formats, predict
from dlwb_model_service.model.convert_process import ConversionError, check_in_child, convert_in_child
from dlwb_model_service.orm import ModelRow, VariantRow
from dlwb_model_service.storage import receive
from dlwb_model_service.upload import service as uploads
from dlwb_service_kit.jobs import to_job

log = logging.getLogger(__name__)


def to_public(row: ModelRow) -> ModelPublic:
    return ModelPublic(
        id=row.id, name=row.name, framework=row.framework, source_filename=row.source_filename,
        source_sha256=row.source_sha256, source_size=row.source_size, status=ModelStatus(row.status),
        conversion_job_id=row.conversion_job_id, inputs=row.inputs or [], outputs=row.outputs or [],
        analysis=row.analysis, task=row.task, conversion_settings=row.conversion_settings,
        origin=Origin(row.origin or "upload"), parent_id=row.parent_id, omz_name=row.omz_name,
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


async def derive(ctx: Context, model_id: str, model_in: ModelDerive) -> ModelPublic:
    """A child model converted from this model's FP32 IR (or its only IR) with new settings, e.g. a reshape."""
    with ctx.db.session() as session:
        parent = session.get(ModelRow, model_id)
        if parent is None:
            raise NotFoundError(f"model {model_id} not found", code="model.not_found")
        if parent.status != ModelStatus.ready.value or not parent.variants:
            raise ConflictError(f"model {model_id} is not ready (status {parent.status})", code="model.not_ready")
        check_inputs(parent, model_in.settings)
        variant = next((v for v in parent.variants if v.precision == "FP32"), parent.variants[0])
        parent_ir = ctx.settings.files_dir / parent.id / "ir" / variant.precision
        name = model_in.name or f"{parent.name} (derived)"
        parent_task, digest, size = parent.task, variant.xml_sha256, variant.xml_size + variant.bin_size
    child_id = new_id("mdl")
    sources = ctx.settings.files_dir / child_id / "source"
    try:
        sources.mkdir(parents=True)
        for file in ("model.xml", "model.bin"):
            shutil.copyfile(parent_ir / file, sources / file)
        row = ModelRow(id=child_id, name=name[:200], framework="openvino", source_filename="model.xml",
                       source_entry="model.xml", source_sha256=digest, source_size=size,
                       status=ModelStatus.converting.value, inputs=[], outputs=[], task=parent_task,
                       conversion_settings=model_in.settings.model_dump(mode="json", exclude_defaults=True),
                       origin=Origin.derived.value, parent_id=model_id)
        return await add_and_enqueue(ctx, row)
    except BaseException:
        shutil.rmtree(sources.parent, ignore_errors=True)
        raise


async def fetch_file(client: httpx.AsyncClient, url: str, target: Path, sha256: str) -> int:
    """Stream ``url`` to ``target`` and check its sha256; returns the size."""
    digest, size = hashlib.sha256(), 0
    async with client.stream("GET", url) as response:
        if response.status_code != 200:
            raise InvalidInputError(f"{url} answered {response.status_code}", code="model.child_fetch_failed")
        with target.open("wb") as handle:
            async for chunk in response.aiter_bytes(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
                handle.write(chunk)
    if digest.hexdigest() != sha256:
        raise InvalidInputError(f"{url}: sha256 {digest.hexdigest()} is not the announced {sha256}",
                                code="model.child_checksum_mismatch")
    return size


async def register_child(ctx: Context, request: RegisterChildRequest) -> RegisterChildReply:
    """A child IR made by another service (INT8 calibration): fetched, checked, converted like any IR."""
    with ctx.db.session() as session:
        parent = session.get(ModelRow, request.parent_id)
        if parent is None:
            raise NotFoundError(f"model {request.parent_id} not found", code="model.not_found")
        parent_task = parent.task
    child_id = new_id("mdl")
    sources = ctx.settings.files_dir / child_id / "source"
    sources.mkdir(parents=True)
    headers = {"authorization": f"Bearer {ctx.settings.resolved_internal_token()}"}
    try:
        async with httpx.AsyncClient(headers=headers, timeout=httpx.Timeout(60.0, connect=5.0)) as client:
            size = await fetch_file(client, request.xml_url, sources / "model.xml", request.xml_sha256)
            size += await fetch_file(client, request.bin_url, sources / "model.bin", request.bin_sha256)
        await check_in_child(sources / "model.xml", "openvino")
        row = ModelRow(id=child_id, name=request.name[:200], framework="openvino", source_filename="model.xml",
                       source_entry="model.xml", source_sha256=request.xml_sha256, source_size=size,
                       status=ModelStatus.converting.value, inputs=[], outputs=[], task=parent_task,
                       conversion_settings={}, origin=Origin(request.origin).value, parent_id=request.parent_id)
        public = await add_and_enqueue(ctx, row)
    except BaseException:
        shutil.rmtree(sources.parent, ignore_errors=True)
        raise
    assert public.conversion_job_id is not None
    return RegisterChildReply(model_id=child_id, job_id=public.conversion_job_id)


def discard_child(ctx: Context, request: DiscardChildRequest) -> DiscardChildReply:
    """Delete an INT8 child another service registered and then abandoned (its row, IR and log)."""
    with ctx.db.session() as session:
        row = session.get(ModelRow, request.model_id)
        if row is None:
            return DiscardChildReply(discarded=False)
        if row.origin != Origin.int8.value:
            raise ConflictError(f"model {request.model_id} is not a calibration's child", code="model.not_a_child")
        if session.scalar(select(func.count()).select_from(ModelRow).where(ModelRow.parent_id == row.id)):
            raise ConflictError(f"model {request.model_id} has children of its own", code="model.has_children")
        session.delete(row)
    shutil.rmtree(ctx.settings.files_dir / request.model_id, ignore_errors=True)
    log.info("discarded child model %s: %s", request.model_id, request.reason)
    return DiscardChildReply(discarded=True)


def entry_of(row: ModelRow) -> LineageEntry:
    return LineageEntry(id=row.id, name=row.name, origin=Origin(row.origin), status=ModelStatus(row.status),
                        parent_id=row.parent_id)


def lineage(ctx: Context, model_id: str) -> ModelLineage:
    with ctx.db.session() as session:
        row = session.get(ModelRow, model_id)
        if row is None:
            raise NotFoundError(f"model {model_id} not found", code="model.not_found")
        ancestors: list[LineageEntry] = []
        seen = {row.id}
        parent_id = row.parent_id
        while parent_id and parent_id not in seen:
            parent = session.get(ModelRow, parent_id)
            if parent is None:
                break
            seen.add(parent.id)
            ancestors.insert(0, entry_of(parent))
            parent_id = parent.parent_id
        descendants: list[LineageEntry] = []
        frontier = [row.id]
        while frontier:
            children = session.scalars(select(ModelRow).where(ModelRow.parent_id.in_(frontier))
                                       .order_by(ModelRow.created_at)).all()
            children = [child for child in children if child.id not in seen]
            seen.update(child.id for child in children)
            descendants += [entry_of(child) for child in children]
            frontier = [child.id for child in children]
        return ModelLineage(ancestors=ancestors, model=entry_of(row), descendants=descendants)


def graph(ctx: Context, model_id: str, precision: Precision) -> ModelGraph:
    model = get(ctx, model_id)
    if not any(v.precision == precision for v in model.variants):
        raise NotFoundError(f"model {model_id} has no {precision.value} IR", code="model.no_ir")
    path = ctx.settings.files_dir / model_id / "ir" / precision.value / "graph.json"
    if not path.exists():
        raise NotFoundError(f"model {model_id} has no graph (convert it again)", code="model.no_graph")
    base = f"/api/v1/models/{model_id}/ir/{precision.value}"
    return ModelGraph(precision=precision, xml_url=f"{base}/model.xml", bin_url=f"{base}/model.bin",
                      **json.loads(path.read_text()))


def ir_file(ctx: Context, model_id: str, precision: Precision, filename: str) -> Path:
    model = get(ctx, model_id)
    if filename not in ("model.xml", "model.bin") or not any(v.precision == precision for v in model.variants):
        raise NotFoundError(f"model {model_id} has no {precision.value} {filename}", code="model.no_ir")
    return ctx.settings.files_dir / model_id / "ir" / precision.value / filename


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
    log = log_path(ctx, model_id)
    log.parent.mkdir(parents=True, exist_ok=True)

    async def report(progress: float, stage: str) -> None:
        write_log(log, f"{progress:4.0%} {stage}")
        await ctx.jobs.update(job_id, progress=progress, stage=stage)

    if source is None:
        if fetch is None:
            raise RuntimeError("an Open Model Zoo import needs a source fetcher")
        try:
            source = await download_sources(ctx, job_id, model_id, fetch, report)
        except DlwbError as exc:
            write_log(log, f"FAILED {exc.code}: {exc.message}")
            await fail_conversion(ctx, job_id, model_id, exc.code, exc.message[:2000], stage="download failed")
            return
        with ctx.db.session() as session:
            framework = session.get(ModelRow, model_id).framework
    write_log(log, f"conversion {job_id} of {source.name} with settings {settings.model_dump_json()}")

    out_dir = ctx.settings.files_dir / model_id / "ir"
    try:
        converted = await convert_in_child(source, out_dir, report, settings, framework)
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
    precisions = ", ".join(v.precision for v in converted.variants)
    await ctx.jobs.update(job_id, status=JobStatus.succeeded, stage=f"IR ready ({precisions})")


async def predict_image(ctx: Context, model_id: str, precision: Precision, image: bytes, config_json: str | None,
                        dataset_id: str | None) -> Prediction:
    """The single-image test; class names come from ``dataset_id`` when given."""
    try:
        config = AccuracyConfig.model_validate_json(config_json) if config_json else AccuracyConfig()
    except ValueError as exc:
        raise InvalidInputError(f"config is not an accuracy configuration: {exc}", code="predict.bad_config") from exc
    model = get(ctx, model_id)
    if not any(v.precision == precision for v in model.variants):
        raise NotFoundError(f"model {model_id} has no {precision.value} IR", code="model.no_ir")
    classes = datasets.get(ctx, dataset_id).classes if dataset_id else []
    xml = ctx.settings.files_dir / model_id / "ir" / precision.value / "model.xml"
    return Prediction.model_validate(await asyncio.to_thread(predict.predict, xml, image, config, classes))


async def output_distance(ctx: Context, model_id: str, request: OutputDistanceRequest) -> OutputDistancePublic:
    """Per-output tensor distance of two models on the same inputs (no annotations needed)."""
    paths = []
    for model, precision in ((model_id, request.precision_a), (request.b, request.precision_b)):
        found = get(ctx, model)
        if not any(v.precision == precision for v in found.variants):
            raise NotFoundError(f"model {model} has no {precision} IR", code="model.no_ir")
        paths.append(ctx.settings.files_dir / model / "ir" / precision / "model.xml")
    spec = datasets.spec(ctx, request.dataset_id)
    images = None
    if spec.kind == "imported":
        images = (datasets.folder_of(ctx, request.dataset_id) / "files", datasets.manifest_of(ctx, request.dataset_id))
    outputs = await asyncio.to_thread(distance.compare, paths[0], paths[1], request.samples, spec, images,
                                      request.config)
    worst = min(outputs, key=lambda o: o.cosine)
    count = min(request.samples, spec.count)
    verdict = (f"on {count} {'images' if images else 'generated inputs'}, the outputs of {request.b} match "
               f"{model_id}'s with cosine similarity {worst.cosine:.4f} at worst (output {worst.name}, mean absolute "
               f"difference {worst.mean_abs:.3g})")
    return OutputDistancePublic(verdict=verdict, a=model_id, b=request.b, samples=count, outputs=outputs)
