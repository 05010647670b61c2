"""A running calibration job's state: its settings, the stage it is in, and how it reports and stores."""

from __future__ import annotations

from dataclasses import dataclass

from dlwb_calibration.calibration import files
from dlwb_calibration.context import Context
from dlwb_calibration.orm import CalibrationRow
from dlwb_common.api.calibration import AccuracySettingsUsed, CalibrationCreate
from dlwb_common.bus import wait_for_job
from dlwb_common.errors import CancelledError, DlwbError
from dlwb_common.messages.jobs import Job, JobStatus
from dlwb_service_kit.job_log import JobLog


@dataclass
class CalibrationJob:
    ctx: Context
    id: str
    settings: CalibrationCreate
    project_id: str
    name: str
    log: JobLog
    accuracy: AccuracySettingsUsed | None = None  # None: created before calibrations recorded it
    current: str = "starting"  # the stage, for the log and the error when the job fails

    @classmethod
    def load(cls, ctx: Context, job_id: str) -> CalibrationJob:
        with ctx.db.session() as session:
            row = session.get(CalibrationRow, job_id)
            return cls(ctx=ctx, id=job_id, settings=CalibrationCreate.model_validate(row.settings),
                       project_id=row.project_id, name=row.name, log=files.job_log(ctx, job_id),
                       accuracy=(AccuracySettingsUsed.model_validate(row.accuracy_settings)
                                 if row.accuracy_settings else None))

    async def stage(self, progress: float, stage: str) -> None:
        """Report a stage; raises ``CancelledError`` when the job was cancelled meanwhile."""
        self.current = stage
        self.log.write(f"{progress:4.0%} {stage}")
        job = await self.ctx.jobs.update(self.id, progress=progress, stage=stage, expect=JobStatus.running)
        if job.status != JobStatus.running:
            raise CancelledError(f"calibration {self.id} was cancelled", code="job.cancelled")

    def store(self, **fields: object) -> None:
        with self.ctx.db.session() as session:
            row = session.get(CalibrationRow, self.id)
            for key, value in fields.items():
                setattr(row, key, value)

    async def wait(self, job_id: str, what: str, low: float, high: float) -> Job:
        """Follow another service's job, relaying its progress between ``low`` and ``high``."""
        async def follow(job: Job) -> None:
            await self.stage(low + (high - low) * job.progress, f"{what}: {job.stage}")

        job = await wait_for_job(self.ctx.bus.js, job_id, self.ctx.settings.run_timeout_seconds, follow)
        if job.status != JobStatus.succeeded:
            error = job.error.message if job.error else job.status.value
            raise DlwbError(f"{what} {job.status.value}: {error}",
                            code=job.error.code if job.error else "calibration.step_failed", status=422)
        return job
