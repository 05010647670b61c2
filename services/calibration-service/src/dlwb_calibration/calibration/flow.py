"""A calibration job, stage by stage; every stage checks that the job was not cancelled.

Stages: resolve the project, its dataset and the parent's FP32 IR (fetched by sha256 into a cache) ->
NNCF in a child process or on the target -> the model-service registers the INT8 IR as a child model of
the parent and converts it -> a child project on the same target -> (compare) benchmark parent and child
on the target one after the other, then a layer profile of each -> the report.
"""

from __future__ import annotations

import asyncio
import logging
import shutil

from dlwb_calibration.calibration import files, quantize, report_settings, settings_used
from dlwb_calibration.calibration import report as reports
from dlwb_calibration.calibration.comparison import Comparison, compare
from dlwb_calibration.calibration.job import CalibrationJob
from dlwb_calibration.context import Context
from dlwb_calibration.orm import CalibrationRow
from dlwb_calibration.remote import ask
from dlwb_common import subjects
from dlwb_common.api.calibration import CalibrationMethod, CalibrationStats
from dlwb_common.api.projects import ProjectCreate
from dlwb_common.errors import CancelledError, ConflictError, DlwbError
from dlwb_common.hashing import sha256_file
from dlwb_common.messages.agent import ArtifactRef
from dlwb_common.messages.jobs import Job, JobError, JobStatus
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
from dlwb_common.messages.profiler import ProjectCreateRequest, ProjectReply, ProjectRequest
from dlwb_engine.calibration_process import CalibrationFailed

logger = logging.getLogger(__name__)


def child_name(job: CalibrationJob, parent_name: str) -> str:
    """The user's name for the calibration, else the parent's name and what the weights become ("resnet INT8"),
    never the parent project's name (which names the parent's precision: "resnet FP32 on CPU INT8")."""
    if job.settings.name:
        return job.settings.name
    four = job.settings.method == CalibrationMethod.weight_compression and job.settings.weight_mode.startswith("INT4")
    return f"{parent_name} {'INT4' if four else 'INT8'}"


async def register_child(job: CalibrationJob, parent_id: str, model_name: str) -> str:
    """The model-service fetches the INT8 IR from here, checks it and converts it as a child of the parent."""
    int8 = files.int8_folder(job.ctx, job.id)
    base = f"{job.ctx.settings.base_url}/internal/v1/calibrations/{job.id}/files"
    refs = {}
    for name in files.CHILD_FILES:
        refs[name] = ArtifactRef(url=f"{base}/{name}", sha256=await asyncio.to_thread(sha256_file, int8 / name),
                                 size=(int8 / name).stat().st_size)
    reply = await ask(job.ctx, subjects.MODEL_REGISTER_CHILD, RegisterChildRequest(
        parent_id=parent_id, name=model_name, origin="int8", model_xml=refs["model.xml"],
        model_bin=refs["model.bin"]),
        RegisterChildReply, timeout=300)
    job.store(child_model_id=reply.model_id)
    await job.wait(reply.job_id, "converting the child", 0.55, 0.65)
    return reply.model_id


def log_stats(job: CalibrationJob, stats: CalibrationStats) -> None:
    job.log.write(f"NNCF: {stats.quantized_layers} of {stats.compute_layers} compute layers quantized, "
                  f"{stats.fake_quantize} FakeQuantize, {stats.seconds:.1f} s on {stats.samples} {stats.dataset} "
                  f"samples; floating point: {', '.join(stats.float_layers) or 'none'}")
    if stats.accuracy_before is not None:
        job.log.write(f"{stats.accuracy_metric} on {stats.validation_images} images: {stats.accuracy_before:.4f} "
                      f"-> {stats.accuracy_after:.4f}; reverted: {', '.join(stats.reverted_layers) or 'none'}")


async def execute(job: CalibrationJob) -> None:
    await job.stage(0.02, "resolving the project")
    project = (await ask(job.ctx, subjects.PROJECT_GET, ProjectRequest(project_id=job.project_id),
                         ProjectReply)).project
    dataset = (await ask(job.ctx, subjects.DATASET_GET, DatasetRequest(dataset_id=project.dataset_id),
                         DatasetReply)).spec
    used = job.accuracy or settings_used.resolve(job.settings, project)
    job.log.write(f"calibration of model {project.model_id} (project {project.id}) with "
                  f"{job.settings.model_dump_json(exclude_defaults=True, exclude={'accuracy'})}")
    job.log.write(f"pre-processing and adapter: {settings_used.describe(used)}: "
                  f"{used.config.model_dump_json(exclude_defaults=True)}")
    if job.settings.run_on == "target":
        await job.stage(0.05, f"calibrating on target {project.target_id}")
    else:
        await job.stage(0.05, "fetching the parent's FP32 IR")
    refs = await ask(job.ctx, subjects.MODEL_ARTIFACTS, ArtifactsRequest(model_id=project.model_id,
                                                                         precision="FP32"), ArtifactsReply)
    if job.settings.run_on == "target":
        stats = await quantize.quantize_on_target(job, project, refs, dataset, used.config)
    else:
        stats = await quantize.quantize_here(job, refs, dataset, used.config)
    job.store(stats=stats.model_dump(mode="json"))
    log_stats(job, stats)
    await job.stage(0.52, "registering the INT8 model")
    child_model_id = await register_child(job, project.model_id, child_name(job, refs.model_name or project.name))
    child_size = sum((files.int8_folder(job.ctx, job.id) / name).stat().st_size for name in files.CHILD_FILES)
    await job.stage(0.66, "creating the child project")
    child_project = (await ask(job.ctx, subjects.PROJECT_CREATE, ProjectCreateRequest(project=ProjectCreate(
        name="", model_id=child_model_id, precision="FP32", dataset_id=project.dataset_id,
        target_id=project.target_id, device=project.device)), ProjectReply)).project
    job.store(child_project_id=child_project.id)
    compared = await compare(job, project.id, child_project.id) if job.settings.compare else Comparison()
    built = reports.build(reports.Inputs(
        method=job.settings.method, stats=stats, parent_size=refs.xml.size + refs.bin.size, child_size=child_size,
        settings=report_settings.settings_of(used, project.dataset_id, dataset, stats, compared.parent_manifest),
        accuracy_note=report_settings.accuracy_note(job.settings.method, dataset, used.config, stats)), compared)
    job.store(report=built.model_dump(mode="json"))
    job.log.write(f"done: {built.verdict}")
    await job.ctx.jobs.update(job.id, status=JobStatus.succeeded, stage=built.verdict[:200])


async def run_calibration(ctx: Context, job_id: str) -> None:
    state = ctx.jobs.get(job_id)
    if state.status.finished:
        return
    if state.status == JobStatus.running:  # a previous attempt died with its process: do not loop on it
        await ctx.jobs.update(job_id, status=JobStatus.failed, stage="interrupted", error=JobError(
            code="calibration.interrupted", message="the calibration was interrupted (the service stopped); "
                                                    "start it again"))
        return
    await ctx.jobs.update(job_id, status=JobStatus.running, progress=0.01, stage="starting")
    job = CalibrationJob.load(ctx, job_id)
    try:
        await execute(job)
    except CancelledError:
        job.log.write(f"cancelled while {job.current}")
        await discard_unfinished_child(ctx, job_id, "calibration cancelled")
        shutil.rmtree(files.int8_folder(ctx, job_id), ignore_errors=True)
    except (DlwbError, CalibrationFailed) as exc:
        job.log.write(f"FAILED while {job.current}: {exc.code}: {exc.message}")
        await discard_unfinished_child(ctx, job_id, f"calibration failed: {exc.code}")
        if ctx.jobs.get(job_id).status == JobStatus.cancelled:
            return
        shutil.rmtree(files.int8_folder(ctx, job_id), ignore_errors=True)
        await ctx.jobs.update(job_id, status=JobStatus.failed, stage=f"failed while {job.current}"[:200],
                              error=JobError(code=exc.code, message=f"while {job.current}: {exc.message}"[:2000]))


async def cancel(ctx: Context, job_id: str) -> Job:
    job = ctx.jobs.get(job_id)
    if job.status.finished:
        raise ConflictError(f"job {job_id} is {job.status.value}", code="job.not_cancellable")
    cancelled = await ctx.jobs.update(job_id, status=JobStatus.cancelled, stage="cancelled")
    process = ctx.calibrating.get(job_id)
    if process is not None and process.returncode is None:
        process.kill()
    return cancelled


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
