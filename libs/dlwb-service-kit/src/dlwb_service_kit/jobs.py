"""The job table shape and its state changes, shared by every service that owns jobs.

Each service declares ``class JobRow(Base, JobColumns)`` in its own database; every change goes
through ``JobBook`` so that the row and the event on ``dlwb.events.jobs.<id>`` always agree.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import DateTime, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dlwb_common import subjects
from dlwb_common.errors import NotFoundError, UnavailableError, redact_paths
from dlwb_common.ids import new_id
from dlwb_common.messages.jobs import Job, JobError, JobKind, JobQueued, JobStatus, LiveSample
from dlwb_service_kit.db import Database
from dlwb_service_kit.runtime import BusRuntime

log = logging.getLogger(__name__)


class HasJob(Protocol):
    job: Job


P = TypeVar("P", bound=HasJob)


def utcnow() -> datetime:
    return datetime.now(UTC)


class JobColumns:
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.queued.value, index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    stage: Mapped[str] = mapped_column(String(200), default="")
    error_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def to_job(row: JobColumns, result_url: str | None = None) -> Job:
    error = JobError(code=row.error_code, message=row.error_message or "") if row.error_code else None
    return Job(id=row.id, kind=JobKind(row.kind), status=JobStatus(row.status), progress=row.progress,
               stage=row.stage, error=error, created_at=as_utc(row.created_at),
               started_at=as_utc(row.started_at), finished_at=as_utc(row.finished_at), result_url=result_url)


class JobBook:
    """Create jobs, change their state, and announce every change on the bus."""

    def __init__(self, db: Database, bus: BusRuntime, row_type: type[Any]) -> None:
        self.db = db
        self.bus = bus
        self.row_type = row_type

    def new_row(self, kind: JobKind) -> Any:
        return self.row_type(id=new_id(kind.value), kind=kind.value, status=JobStatus.queued.value,
                             progress=0.0, stage="queued", created_at=utcnow())

    def get(self, job_id: str) -> Job:
        with self.db.session() as session:
            row = session.get(self.row_type, job_id)
            if row is None:
                raise NotFoundError(f"job {job_id} not found", code="job.not_found")
            return to_job(row)

    async def create(self, kind: JobKind, domain_row: Callable[[Any], Any], to_public: Callable[[Any, Any], P]) -> P:
        """Store a new job with its domain row (``domain_row(job_row)``: its id is the job's), then queue it;
        returns ``to_public(domain row, job row)``."""
        job_row = self.new_row(kind)
        with self.db.session() as session:
            session.add(job_row)
            session.flush()  # the domain row refers to the job row
            row = domain_row(job_row)
            session.add(row)
            session.flush()
            public = to_public(row, job_row)
        await self.enqueue(public.job)
        return public

    async def enqueue(self, job: Job) -> None:
        """Put the job on its durable queue and announce it. If the queue cannot take it, the job is
        failed (never left queued with nobody to run it) and the error is raised to the caller."""
        try:
            await self.bus.js.publish(subjects.job_queue(job.kind.value), JobQueued(job_id=job.id).encode())
        except Exception as exc:
            await self.update(job.id, status=JobStatus.failed, stage="not queued",
                              error=JobError(code="bus.unavailable", message=f"the job queue is unreachable: {exc}"))
            raise UnavailableError("the job queue is unreachable; try again", code="bus.unavailable") from exc
        await self.announce(job)

    async def announce(self, job: Job) -> None:
        try:
            await self.bus.nc.publish(subjects.job_events(job.id), job.encode())
        except Exception as exc:  # an event lost to a NATS outage must not fail the job itself
            log.warning("could not publish event of %s: %s", job.id, exc)

    async def update(self, job_id: str, *, status: JobStatus | None = None, progress: float | None = None,
                     stage: str | None = None, error: JobError | None = None, live: LiveSample | None = None,
                     expect: JobStatus | None = None) -> Job:
        """Store the change and announce the new snapshot; ``live`` figures go out with it, unstored.

        A finished job never changes again (a late progress report or a cancel racing a result cannot
        revive or overwrite it); with ``expect``, nothing changes unless the job is in that status.
        The returned snapshot tells the caller what the job is now.
        """
        with self.db.session() as session:
            row = session.get(self.row_type, job_id, with_for_update=True)
            if row is None:
                raise NotFoundError(f"job {job_id} not found", code="job.not_found")
            if JobStatus(row.status).finished or (expect is not None and row.status != expect.value):
                return to_job(row)
            if status is not None:
                row.status = status.value
                if status == JobStatus.running and row.started_at is None:
                    row.started_at = utcnow()
                if status.finished:
                    row.finished_at = utcnow()
                    if status == JobStatus.succeeded:
                        row.progress = 1.0
            if progress is not None:
                row.progress = max(row.progress, min(1.0, progress))  # progress never goes back
            if stage is not None:
                row.stage = stage[:200]
            if error is not None:
                row.error_code, row.error_message = error.code[:100], redact_paths(error.message)
            job = to_job(row)
        job.live = live
        await self.announce(job)
        return job
