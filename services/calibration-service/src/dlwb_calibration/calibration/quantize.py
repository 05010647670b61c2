"""The NNCF stage: in a child process here, or on the project's target (its agent uploads the result)."""

from __future__ import annotations

import asyncio
import shutil

from dlwb_calibration.calibration import files
from dlwb_calibration.calibration.job import CalibrationJob
from dlwb_calibration.remote import ask
from dlwb_common import subjects
from dlwb_common.api.accuracy import AccuracyConfig
from dlwb_common.api.calibration import CalibrationStats
from dlwb_common.api.projects import ProjectPublic
from dlwb_common.errors import UnavailableError
from dlwb_common.hashing import sha256_file
from dlwb_common.messages.agent import AgentProgress, DatasetSpec
from dlwb_common.messages.calibration import AgentCalibrationReply, AgentCalibrationRequest
from dlwb_common.messages.models import ArtifactsReply
from dlwb_engine.artifacts import ArtifactCache
from dlwb_engine.calibration_process import CalibrationFailed, calibrate_in_child, fetch_inputs

LOW, HIGH = 0.1, 0.5  # the job's progress while NNCF runs


async def quantize_here(job: CalibrationJob, refs: ArtifactsReply, dataset: DatasetSpec,
                        accuracy: AccuracyConfig | None) -> CalibrationStats:
    """NNCF in a child process, registered on the context so that a cancel can kill it."""
    work = files.folder(job.ctx, job.id)

    async def report(progress: float, stage: str) -> None:
        await job.stage(LOW + (HIGH - LOW) * progress, stage)

    def started(process: asyncio.subprocess.Process) -> None:
        job.ctx.calibrating[job.id] = process

    try:
        request = await asyncio.to_thread(fetch_inputs, ArtifactCache(job.ctx.settings.cache_dir), refs.xml, refs.bin,
                                          dataset, work, job.settings, accuracy)
        return await calibrate_in_child(request, report, started)
    finally:
        job.ctx.calibrating.pop(job.id, None)
        shutil.rmtree(work / "parent", ignore_errors=True)


async def quantize_on_target(job: CalibrationJob, project: ProjectPublic, refs: ArtifactsReply,
                             dataset: DatasetSpec, accuracy: AccuracyConfig) -> CalibrationStats:
    """NNCF on the project's target: its agent fetches, calibrates and uploads; progress relayed."""
    async def relay(msg) -> None:  # type: ignore[no-untyped-def]
        try:
            progress = AgentProgress.decode(msg.data)
        except ValueError:
            return
        if progress.job_id == job.id:
            await job.stage(LOW + (HIGH - LOW) * progress.progress, f"on {project.target_id}: {progress.stage}")

    ctx = job.ctx
    subscription = await ctx.bus.nc.subscribe(subjects.agent_out(project.target_id, "progress"), cb=relay)
    try:
        reply = await ask(ctx, subjects.agent_in(project.target_id, "calibrate"), AgentCalibrationRequest(
            job_id=job.id, model_xml=refs.xml, model_bin=refs.bin, dataset=dataset, settings=job.settings,
            accuracy=accuracy, upload_xml_url=files.upload_url(ctx, job.id, "model.xml"),
            upload_bin_url=files.upload_url(ctx, job.id, "model.bin")), AgentCalibrationReply,
            timeout=ctx.settings.run_timeout_seconds)
    except UnavailableError as exc:
        raise CalibrationFailed(f"target {project.target_id} did not answer: {exc.message}",
                                code="target.offline") from exc
    finally:
        await subscription.unsubscribe()
    if reply.stats is None:
        raise CalibrationFailed(f"target {project.target_id} answered without statistics")
    int8 = files.int8_folder(ctx, job.id)
    for name, expected in (("model.xml", reply.xml_sha256), ("model.bin", reply.bin_sha256)):
        if not (int8 / name).exists() or await asyncio.to_thread(sha256_file, int8 / name) != expected:
            raise CalibrationFailed(f"the INT8 {name} uploaded by {project.target_id} is missing or corrupt",
                                    code="calibration.upload_failed")
    return reply.stats
