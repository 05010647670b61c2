"""Calibrations: the request, the job (stages below), cancel, and the child's files.

Stages of a calibration job: resolve the project, its dataset and the parent's FP32 IR (fetched by
sha256 into a cache) -> NNCF in a child process -> the model-service registers the INT8 IR as a child
model of the parent and converts it -> a child project on the same target -> (compare) benchmark
parent and child on the target one after the other, then a layer profile of each -> the report.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import anyio
import httpx
from sqlalchemy import func, select

from dlwb_calibration.calibration import report as reports
from dlwb_calibration.context import Context
from dlwb_calibration.orm import CalibrationRow, JobRow
from dlwb_common import subjects
from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.api.calibration import (
    CalibrationCreate,
    CalibrationMethod,
    CalibrationPublic,
    CalibrationReport,
    CalibrationsPublic,
    CalibrationStats,
)
from dlwb_common.api.projects import BenchmarkCreate, ComparisonPublic, ProjectCreate, ProjectPublic
from dlwb_common.bus import request, wait_for_job
from dlwb_common.errors import (
    CancelledError,
    ConflictError,
    DlwbError,
    InvalidInputError,
    NotFoundError,
    UnavailableError,
)
from dlwb_common.hashing import sha256_file
from dlwb_common.messages.agent import AgentProgress, AgentTask, ArtifactRef, DatasetSpec, LayerProfile
from dlwb_common.messages.calibration import AgentCalibrationReply, AgentCalibrationRequest
from dlwb_common.messages.jobs import Job, JobError, JobKind, JobStatus
from dlwb_common.messages.models import (
    ArtifactsReply,
    ArtifactsRequest,
    DatasetReply,
    DatasetRequest,
    DiscardChildReply,
    DiscardChildRequest,
    RegisterChildReply,
    RegisterChildRequest,
)
from dlwb_common.messages.profiler import (
    CompareReply,
    CompareRequest,
    ProjectCreateRequest,
    ProjectReply,
    ProjectRequest,
    RunGetRequest,
    RunReply,
    RunStartRequest,
)
from dlwb_common.signing import signed_query, verify
from dlwb_engine.artifacts import ArtifactCache
from dlwb_engine.calibration_process import CalibrationFailed, CalibrationRequest, calibrate_in_child
from dlwb_engine.datasets import open_dataset
from dlwb_service_kit.jobs import to_job

logger = logging.getLogger(__name__)

CHILD_FILES = ("model.xml", "model.bin")
# running NNCF children by job id, so a cancel can kill one
_running: dict[str, asyncio.subprocess.Process] = {}


async def ask(ctx: Context, subject: str, message, reply_type, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    """A request to another service; its errors arrive as it raised them (code and status)."""
    return await request(ctx.bus.nc, subject, message, reply_type, timeout=timeout)


def to_public(row: CalibrationRow, job_row: JobRow) -> CalibrationPublic:
    return CalibrationPublic(
        id=row.id, name=row.name, project_id=row.project_id, parent_model_id=row.parent_model_id,
        job=to_job(job_row), settings=CalibrationCreate.model_validate(row.settings),
        child_model_id=row.child_model_id, child_project_id=row.child_project_id,
        stats=CalibrationStats.model_validate(row.stats) if row.stats else None,
        report=CalibrationReport.model_validate(row.report) if row.report else None, created_at=row.created_at)


def get(ctx: Context, calibration_id: str) -> CalibrationPublic:
    with ctx.db.session() as session:
        row = session.get(CalibrationRow, calibration_id)
        if row is None:
            raise NotFoundError(f"calibration {calibration_id} not found", code="calibration.not_found")
        return to_public(row, session.get(JobRow, row.id))


def get_all(ctx: Context, *, project_id: str | None = None, skip: int = 0, limit: int = 100) -> CalibrationsPublic:
    query = select(CalibrationRow, JobRow).join(JobRow, JobRow.id == CalibrationRow.id)
    counted = select(func.count()).select_from(CalibrationRow)
    if project_id:
        query = query.where(CalibrationRow.project_id == project_id)
        counted = counted.where(CalibrationRow.project_id == project_id)
    with ctx.db.session() as session:
        rows = session.execute(query.order_by(CalibrationRow.created_at.desc()).offset(skip).limit(limit))
        return CalibrationsPublic(data=[to_public(row, job_row) for row, job_row in rows],
                                  count=session.scalar(counted) or 0)


async def create(ctx: Context, calibration_in: CalibrationCreate) -> CalibrationPublic:
    """Check what can be checked at once (project, dataset, subset, annotations), then queue the job."""
    project = (await ask(ctx, subjects.PROJECT_GET, ProjectRequest(project_id=calibration_in.project_id),
                         ProjectReply)).project
    dataset = (await ask(ctx, subjects.DATASET_GET, DatasetRequest(dataset_id=project.dataset_id),
                         DatasetReply)).spec
    if calibration_in.method == CalibrationMethod.accuracy_aware and dataset.task != "classification":
        what = f"a {dataset.task} dataset" if dataset.task else f"{dataset.kind} inputs without annotations"
        raise InvalidInputError(f"accuracy-aware quantization needs an annotated classification dataset; dataset "
                                f"{project.dataset_id} is {what}", code="calibration.needs_annotations")
    if calibration_in.method != CalibrationMethod.weight_compression and calibration_in.subset_size \
            and calibration_in.subset_size > dataset.count:
        raise InvalidInputError(f"the subset asks for {calibration_in.subset_size} samples but dataset "
                                f"{project.dataset_id} has {dataset.count}", code="calibration.too_few_samples")
    job_row = ctx.jobs.new_row(JobKind.calibrate)
    job_row.parent_model_id = project.model_id
    job_row.settings = calibration_in.model_dump(mode="json")
    label = "weights compressed" if calibration_in.method == CalibrationMethod.weight_compression else "INT8"
    with ctx.db.session() as session:
        session.add(job_row)
        session.flush()
        row = CalibrationRow(id=job_row.id, name=(calibration_in.name or f"{project.name} {label}")[:200],
                             project_id=project.id, parent_model_id=project.model_id,
                             settings=calibration_in.model_dump(mode="json"))
        session.add(row)
        session.flush()
        public = to_public(row, job_row)
    await ctx.jobs.enqueue(public.job)
    return public


async def cancel(ctx: Context, job_id: str) -> Job:
    job = ctx.jobs.get(job_id)
    if job.status.finished:
        raise ConflictError(f"job {job_id} is {job.status.value}", code="job.not_cancellable")
    cancelled = await ctx.jobs.update(job_id, status=JobStatus.cancelled, stage="cancelled")
    process = _running.get(job_id)
    if process is not None and process.returncode is None:
        process.kill()
    return cancelled


def folder(ctx: Context, calibration_id: str) -> Path:
    return ctx.settings.files_dir / calibration_id


def log_path(ctx: Context, calibration_id: str) -> Path:
    return folder(ctx, calibration_id) / "calibration.log"


def log(ctx: Context, calibration_id: str) -> Path:
    get(ctx, calibration_id)
    path = log_path(ctx, calibration_id)
    if not path.exists():
        raise NotFoundError(f"calibration {calibration_id} has no log yet", code="calibration.no_log")
    return path


def upload_url(ctx: Context, calibration_id: str, name: str) -> str:
    query = signed_query(ctx.settings.signing_key, f"{calibration_id}/{name}", ctx.settings.upload_url_ttl_seconds)
    return f"{ctx.settings.public_url.rstrip('/')}/api/v1/calibrations/{calibration_id}/uploads/{name}?{query}"


async def receive_upload(ctx: Context, calibration_id: str, name: str, expires: int, sig: str,
                         chunks: AsyncIterator[bytes]) -> None:
    """An agent's INT8 result, through a signed link (no API token on targets)."""
    verify(ctx.settings.signing_key, f"{calibration_id}/{name}", expires, sig)
    if name not in CHILD_FILES:
        raise NotFoundError(f"no upload {name}", code="calibration.no_file")
    target = folder(ctx, calibration_id) / "int8" / name
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
    path = folder(ctx, calibration_id) / "int8" / name
    if name not in CHILD_FILES or not path.exists():
        raise NotFoundError(f"calibration {calibration_id} has no {name}", code="calibration.no_file")
    return path


class Run:
    """One calibration job's work, stage by stage; every stage checks that the job was not cancelled."""

    def __init__(self, ctx: Context, job_id: str) -> None:
        self.ctx, self.job_id = ctx, job_id
        self.log = log_path(ctx, job_id)
        with ctx.db.session() as session:
            row = session.get(CalibrationRow, job_id)
            self.settings = CalibrationCreate.model_validate(row.settings)
            self.project_id, self.name = row.project_id, row.name
        self.current = "starting"

    def write_log(self, line: str) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("a") as handle:
            handle.write(f"{datetime.now(UTC).isoformat(timespec='seconds')} {line}\n")

    async def stage(self, progress: float, stage: str) -> None:
        self.current = stage
        self.write_log(f"{progress:4.0%} {stage}")
        job = await self.ctx.jobs.update(self.job_id, progress=progress, stage=stage, expect=JobStatus.running)
        if job.status != JobStatus.running:
            raise CancelledError(f"calibration {self.job_id} was cancelled", code="job.cancelled")

    def store(self, **fields: object) -> None:
        with self.ctx.db.session() as session:
            row = session.get(CalibrationRow, self.job_id)
            for key, value in fields.items():
                setattr(row, key, value)

    async def wait(self, job_id: str, what: str, low: float, high: float) -> Job:
        async def follow(job: Job) -> None:
            await self.stage(low + (high - low) * job.progress, f"{what}: {job.stage}")

        job = await wait_for_job(self.ctx.bus.js, job_id, self.ctx.settings.run_timeout_seconds, follow)
        if job.status != JobStatus.succeeded:
            error = job.error.message if job.error else job.status.value
            raise DlwbError(f"{what} {job.status.value}: {error}",
                            code=job.error.code if job.error else "calibration.step_failed", status=422)
        return job

    async def fetch_parent(self, model_id: str) -> tuple[Path, Path, int]:
        refs = await ask(self.ctx, subjects.MODEL_ARTIFACTS, ArtifactsRequest(model_id=model_id, precision="FP32"),
                         ArtifactsReply)
        cache = ArtifactCache(self.ctx.settings.cache_dir)

        def download(ref: ArtifactRef) -> Path:
            with httpx.Client(timeout=httpx.Timeout(60.0, connect=5.0)) as client:
                return cache.fetch(ref, client)

        xml, weights = await asyncio.gather(asyncio.to_thread(download, refs.xml),
                                            asyncio.to_thread(download, refs.bin))
        return xml, weights, refs.xml.size + refs.bin.size

    async def open_images(self, dataset: DatasetSpec) -> tuple[Path, Path] | tuple[None, None]:
        """An imported dataset's files and manifest, fetched by sha256 and extracted once."""
        if dataset.archive is None:
            return None, None
        cache = ArtifactCache(self.ctx.settings.cache_dir)

        def fetch() -> tuple[Path, Path]:
            assert dataset.archive is not None
            with httpx.Client(timeout=httpx.Timeout(60.0, connect=5.0)) as client:
                archive = cache.fetch(dataset.archive, client)
            folder, _ = open_dataset(archive, cache.folder / "datasets", dataset.archive.sha256)
            return folder, folder.parent / "manifest.json"

        return await asyncio.to_thread(fetch)

    async def quantize_on_target(self, project: ProjectPublic, refs: ArtifactsReply, dataset: DatasetSpec
                                 ) -> CalibrationStats:
        """NNCF on the project's target: its agent fetches, calibrates and uploads; progress relayed."""
        async def relay(msg) -> None:  # type: ignore[no-untyped-def]
            try:
                progress = AgentProgress.decode(msg.data)
            except ValueError:
                return
            if progress.job_id == self.job_id:
                await self.stage(0.1 + 0.4 * progress.progress, f"on {project.target_id}: {progress.stage}")

        subscription = await self.ctx.bus.nc.subscribe(subjects.agent_out(project.target_id, "progress"), cb=relay)
        try:
            reply = await ask(self.ctx, subjects.agent_in(project.target_id, "calibrate"), AgentCalibrationRequest(
                job_id=self.job_id, model_xml=refs.xml, model_bin=refs.bin, dataset=dataset, settings=self.settings,
                accuracy=project.accuracy_config, upload_xml_url=upload_url(self.ctx, self.job_id, "model.xml"),
                upload_bin_url=upload_url(self.ctx, self.job_id, "model.bin")), AgentCalibrationReply,
                timeout=self.ctx.settings.run_timeout_seconds)
        except UnavailableError as exc:
            raise CalibrationFailed(f"target {project.target_id} did not answer: {exc.message}",
                                    code="target.offline") from exc
        finally:
            await subscription.unsubscribe()
        if reply.stats is None:
            raise CalibrationFailed(f"target {project.target_id} answered without statistics")
        int8 = folder(self.ctx, self.job_id) / "int8"
        for name, expected in (("model.xml", reply.xml_sha256), ("model.bin", reply.bin_sha256)):
            if not (int8 / name).exists() or await asyncio.to_thread(sha256_file, int8 / name) != expected:
                raise CalibrationFailed(f"the INT8 {name} uploaded by {project.target_id} is missing or corrupt",
                                        code="calibration.upload_failed")
        return reply.stats

    async def quantize(self, xml: Path, weights: Path, dataset: DatasetSpec,
                       accuracy: AccuracyConfig | None) -> CalibrationStats:
        work = folder(self.ctx, self.job_id) / "parent"
        work.mkdir(parents=True, exist_ok=True)
        for source, name in ((xml, "model.xml"), (weights, "model.bin")):  # read_model pairs them by name
            target = work / name
            target.unlink(missing_ok=True)
            try:
                target.hardlink_to(source)
            except OSError:  # another file system
                shutil.copyfile(source, target)

        async def report(progress: float, stage: str) -> None:
            await self.stage(0.1 + 0.4 * progress, stage)

        images, manifest = await self.open_images(dataset)
        request_ = CalibrationRequest(source_xml=work / "model.xml", output_xml=folder(self.ctx, self.job_id)
                                      / "int8" / "model.xml", dataset=dataset, settings=self.settings,
                                      images_folder=images, manifest_path=manifest, accuracy=accuracy)
        try:
            return await calibrate_in_child(request_, report, lambda p: _running.__setitem__(self.job_id, p))
        finally:
            _running.pop(self.job_id, None)
            shutil.rmtree(work, ignore_errors=True)

    async def register_child(self, parent_id: str) -> str:
        int8 = folder(self.ctx, self.job_id) / "int8"
        base = f"{self.ctx.settings.base_url}/api/v1/calibrations/{self.job_id}/files"
        reply = await ask(self.ctx, subjects.MODEL_REGISTER_CHILD, RegisterChildRequest(
            parent_id=parent_id, name=self.name, origin="int8", xml_url=f"{base}/model.xml",
            bin_url=f"{base}/model.bin", xml_sha256=await asyncio.to_thread(sha256_file, int8 / "model.xml"),
            bin_sha256=await asyncio.to_thread(sha256_file, int8 / "model.bin")), RegisterChildReply, timeout=300)
        self.store(child_model_id=reply.model_id)
        await self.wait(reply.job_id, "converting the child", 0.55, 0.65)
        return reply.model_id

    async def measure(self, project_id: str, task: AgentTask, low: float, high: float, what: str) -> RunReply:
        if task == AgentTask.layer_profile:
            settings = BenchmarkCreate(duration_seconds=None, niter=50)
        else:
            settings = BenchmarkCreate(duration_seconds=self.settings.compare_seconds)
        started = await ask(self.ctx, subjects.RUN_START, RunStartRequest(project_id=project_id, task=task,
                                                                         settings=settings), RunReply)
        await self.wait(started.job_id, what, low, high)
        return await ask(self.ctx, subjects.RUN_GET, RunGetRequest(run_id=started.run_id, task=task), RunReply)

    async def compare(self, parent: ProjectPublic, child_project_id: str
                      ) -> tuple[ComparisonPublic, ComparisonPublic, LayerProfile | None, dict[str, str]]:
        a = await self.measure(parent.id, AgentTask.benchmark, 0.7, 0.78, "benchmarking the parent")
        b = await self.measure(child_project_id, AgentTask.benchmark, 0.78, 0.86, "benchmarking the INT8 child")
        pa = await self.measure(parent.id, AgentTask.layer_profile, 0.86, 0.91, "profiling the parent's layers")
        pb = await self.measure(child_project_id, AgentTask.layer_profile, 0.91, 0.96, "profiling the child's layers")
        comparison = (await ask(self.ctx, subjects.RUNS_COMPARE, CompareRequest(a_id=a.run_id, b_id=b.run_id),
                                CompareReply)).comparison
        layers = (await ask(self.ctx, subjects.RUNS_COMPARE, CompareRequest(a_id=pa.run_id, b_id=pb.run_id),
                            CompareReply)).comparison
        profile = LayerProfile.model_validate(pb.run["profile"]) if pb.run.get("profile") else None
        return comparison, layers, profile, {"parent_benchmark_id": a.run_id, "child_benchmark_id": b.run_id,
                                     "parent_profile_id": pa.run_id, "child_profile_id": pb.run_id}

    async def execute(self) -> None:
        await self.stage(0.02, "resolving the project")
        project = (await ask(self.ctx, subjects.PROJECT_GET, ProjectRequest(project_id=self.project_id),
                             ProjectReply)).project
        dataset = (await ask(self.ctx, subjects.DATASET_GET, DatasetRequest(dataset_id=project.dataset_id),
                             DatasetReply)).spec
        self.write_log(f"calibration of model {project.model_id} (project {project.id}) with "
                       f"{self.settings.model_dump_json(exclude_defaults=True)}")
        if self.settings.run_on == "target":
            await self.stage(0.05, f"calibrating on target {project.target_id}")
            refs = await ask(self.ctx, subjects.MODEL_ARTIFACTS, ArtifactsRequest(model_id=project.model_id,
                                                                                 precision="FP32"), ArtifactsReply)
            parent_size = refs.xml.size + refs.bin.size
            stats = await self.quantize_on_target(project, refs, dataset)
        else:
            await self.stage(0.05, "fetching the parent's FP32 IR")
            xml, weights, parent_size = await self.fetch_parent(project.model_id)
            stats = await self.quantize(xml, weights, dataset, project.accuracy_config)
        self.store(stats=stats.model_dump(mode="json"))
        self.write_log(f"NNCF: {stats.quantized_layers} of {stats.compute_layers} compute layers quantized, "
                       f"{stats.fake_quantize} FakeQuantize, {stats.seconds:.1f} s on {stats.samples} {stats.dataset} "
                       f"samples; floating point: {', '.join(stats.float_layers) or 'none'}")
        if stats.accuracy_before is not None:
            self.write_log(f"{stats.accuracy_metric} on {stats.validation_images} images: {stats.accuracy_before:.4f} "
                           f"-> {stats.accuracy_after:.4f}; reverted: {', '.join(stats.reverted_layers) or 'none'}")
        await self.stage(0.52, "registering the INT8 model")
        child_model_id = await self.register_child(project.model_id)
        int8 = folder(self.ctx, self.job_id) / "int8"
        child_size = sum((int8 / name).stat().st_size for name in CHILD_FILES)
        await self.stage(0.66, "creating the child project")
        child_project = (await ask(self.ctx, subjects.PROJECT_CREATE, ProjectCreateRequest(project=ProjectCreate(
            name=self.name, model_id=child_model_id, precision="FP32", dataset_id=project.dataset_id,
            target_id=project.target_id, device=project.device)), ProjectReply)).project
        self.store(child_project_id=child_project.id)
        comparison, layers, profile, runs = None, None, None, {}
        if self.settings.compare:
            comparison, layers, profile, runs = await self.compare(project, child_project.id)
        built = reports.build(self.settings.method, stats, parent_size, child_size, comparison, profile, runs,
                              layers)
        self.store(report=built.model_dump(mode="json"))
        self.write_log(f"done: {built.verdict}")
        await self.ctx.jobs.update(self.job_id, status=JobStatus.succeeded, stage=built.verdict[:200])


async def run_calibration(ctx: Context, job_id: str) -> None:
    job = ctx.jobs.get(job_id)
    if job.status.finished:
        return
    if job.status == JobStatus.running:  # a previous attempt died with its process: do not loop on it
        await ctx.jobs.update(job_id, status=JobStatus.failed, stage="interrupted", error=JobError(
            code="calibration.interrupted", message="the calibration was interrupted (the service stopped); "
                                                    "start it again"))
        return
    await ctx.jobs.update(job_id, status=JobStatus.running, progress=0.01, stage="starting")
    run = Run(ctx, job_id)
    try:
        await run.execute()
    except CancelledError:
        run.write_log(f"cancelled while {run.current}")
        await discard_unfinished_child(ctx, job_id, "calibration cancelled")
        shutil.rmtree(folder(ctx, job_id) / "int8", ignore_errors=True)
    except (DlwbError, CalibrationFailed) as exc:
        run.write_log(f"FAILED while {run.current}: {exc.code}: {exc.message}")
        await discard_unfinished_child(ctx, job_id, f"calibration failed: {exc.code}")
        if ctx.jobs.get(job_id).status == JobStatus.cancelled:
            return
        shutil.rmtree(folder(ctx, job_id) / "int8", ignore_errors=True)
        await ctx.jobs.update(job_id, status=JobStatus.failed, stage=f"failed while {run.current}"[:200],
                              error=JobError(code=exc.code, message=f"while {run.current}: {exc.message}"[:2000]))


async def discard_unfinished_child(ctx: Context, job_id: str, reason: str) -> None:
    """A child model registered but never given its project is not a finished result: remove it."""
    with ctx.db.session() as session:
        row = session.get(CalibrationRow, job_id)
        child, project = row.child_model_id, row.child_project_id
    if child is None or project is not None:
        return
    try:
        await ask(ctx, subjects.MODEL_DISCARD_CHILD, DiscardChildRequest(model_id=child, reason=reason),
                  DiscardChildReply)
    except DlwbError as exc:
        logger.warning("could not discard child model %s of %s: %s", child, job_id, exc)
        return
    with ctx.db.session() as session:
        session.get(CalibrationRow, job_id).child_model_id = None
