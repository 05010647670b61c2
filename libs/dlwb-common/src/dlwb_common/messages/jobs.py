"""The one job shape used by every service (DESIGN-NOTES "Jobs")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from dlwb_common.messages.base import Message


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.succeeded, JobStatus.failed, JobStatus.cancelled)


class JobKind(StrEnum):
    convert = "convert"
    benchmark = "benchmark"
    layer_profile = "profile"  # the value is the job-id prefix and the API's kind: kept for stored ids
    sweep = "sweep"  # batch x streams x requests grid
    calibrate = "calibrate"
    accuracy = "accuracy"


# The service that owns (stores and answers for) each job kind. Job ids carry the kind as prefix.
JOB_OWNER: dict[JobKind, str] = {
    JobKind.convert: "model",
    JobKind.benchmark: "profiler",
    JobKind.layer_profile: "profiler",
    JobKind.sweep: "profiler",
    JobKind.calibrate: "calibration",
    JobKind.accuracy: "profiler",
}


CANCELLABLE = {JobKind.benchmark, JobKind.layer_profile, JobKind.sweep, JobKind.calibrate, JobKind.accuracy}


def job_kind_of(job_id: str) -> JobKind:
    prefix = job_id.split("_", 1)[0]
    try:
        return JobKind(prefix)
    except ValueError:
        raise ValueError(f"not a job id: {job_id}") from None


def queue_timeout_field() -> Any:
    """The optional per-run queue timeout of every run's create schema (none: wait as long as it takes)."""
    return Field(default=None, gt=0, le=7 * 24 * 3600,
                 description="seconds the run may wait in its target's queue before it fails with "
                             "queue.timeout; default: no limit")


class JobError(BaseModel):
    code: str
    message: str


class LiveSample(BaseModel):
    """Rolling figures of a running measurement since the previous sample (events only, not stored)."""

    elapsed_seconds: float
    throughput_fps: float | None = None
    latency_median_ms: float | None = None


class Job(Message):
    """A job as stored by its owner and as shown on the API and in events."""

    id: str
    kind: JobKind
    status: JobStatus
    progress: float = 0.0
    stage: str = ""
    error: JobError | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result_url: str | None = None
    live: LiveSample | None = None


class JobQueued(Message):
    """Put on ``dlwb.jobs.<kind>`` (JetStream work queue) to ask the owner to run a job."""

    job_id: str
