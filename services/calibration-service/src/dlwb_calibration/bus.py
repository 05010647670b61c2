"""The calibration-service on NATS: the calibration job queue."""

from __future__ import annotations

from dlwb_calibration.calibration import flow
from dlwb_calibration.context import Context
from dlwb_common import subjects
from dlwb_common.messages.jobs import JobKind
from dlwb_service_kit.runtime import job_worker


async def calibration_worker(ctx: Context) -> None:
    handle = job_worker(lambda job_id: flow.run_calibration(ctx, job_id), JobKind.calibrate.value)
    await ctx.bus.consume(stream=subjects.JOBS_STREAM, durable="calibration-service-calibrate",
                          subject=subjects.job_queue(JobKind.calibrate.value), handler=handle)
