"""Runs of every kind in one table: create (job row + run row, then queued), get and list them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import select

from dlwb_common.api.projects import BenchmarkCreate
from dlwb_common.errors import NotFoundError
from dlwb_common.messages.agent import AgentTask, BenchmarkSettings
from dlwb_common.messages.jobs import JobKind
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow, ProjectRow, RunRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.target import service as targets

JOB_KINDS = {AgentTask.benchmark: JobKind.benchmark, AgentTask.layer_profile: JobKind.layer_profile,
             AgentTask.sweep: JobKind.sweep, AgentTask.accuracy: JobKind.accuracy}
NAMES = {AgentTask.benchmark: "benchmark", AgentTask.layer_profile: "layer profile", AgentTask.sweep: "sweep",
         AgentTask.accuracy: "accuracy run"}

P = TypeVar("P")
ToPublic = Callable[[RunRow, JobRow], P]


async def create(ctx: Context, project: ProjectRow, task: AgentTask, settings: BenchmarkSettings,
                 to_public: ToPublic[P], **columns: Any) -> P:
    """Queue a run of ``project`` on its target (which must have ``settings.device``); ``columns`` are the
    kind's own (its sweep grid, its accuracy configuration)."""
    target = targets.get_row(ctx, project.target_id)
    targets.check_device(target, settings.device)
    targets.check_precision(target, settings.device, settings.infer_precision)
    return await ctx.jobs.create(
        JOB_KINDS[task], lambda job_row: RunRow(id=job_row.id, project_id=project.id, task=task.value,
                                                target_id=project.target_id,
                                                settings=settings.model_dump(mode="json"), **columns), to_public)


def get(ctx: Context, run_id: str, task: AgentTask, to_public: ToPublic[P]) -> P:
    with ctx.db.session() as session:
        row = session.get(RunRow, run_id)
        if row is None or row.task != task:
            raise NotFoundError(f"{NAMES[task]} {run_id} not found", code=f"{JOB_KINDS[task].value}.not_found")
        return to_public(row, session.get(JobRow, row.id))


def list_of(ctx: Context, project_id: str, task: AgentTask, to_public: ToPublic[P]) -> list[P]:
    """The project's runs of one kind, newest first."""
    projects.get_row(ctx, project_id)
    with ctx.db.session() as session:
        rows = session.execute(select(RunRow, JobRow).join(JobRow, JobRow.id == RunRow.id)
                               .where(RunRow.project_id == project_id, RunRow.task == task.value)
                               .order_by(JobRow.created_at.desc()))
        return [to_public(row, job_row) for row, job_row in rows]


def target_of(ctx: Context, job_id: str) -> str | None:
    """The target a run was sent to (None: not a run of this service)."""
    with ctx.db.session() as session:
        row = session.get(RunRow, job_id)
        return row.target_id if row is not None else None


def settings_on(project: ProjectRow, run_in: BenchmarkCreate, exclude: set[str] | None = None) -> BenchmarkSettings:
    """The run's settings; the device defaults to the project's."""
    return BenchmarkSettings.model_validate(run_in.model_dump(exclude=(exclude or set()) | {"queue_timeout_seconds"})
                                            | {"device": run_in.device or project.device})


@dataclass(frozen=True)
class RunKind(Generic[P]):
    """A kind of run that takes plain run settings (benchmark, layer profile): create, get, list."""

    task: AgentTask
    to_public: ToPublic[P]

    async def create(self, ctx: Context, *, project_id: str, run_in: BenchmarkCreate) -> P:
        project = projects.get_row(ctx, project_id)
        return await create(ctx, project, self.task, settings_on(project, run_in), self.to_public,
                            queue_timeout_seconds=run_in.queue_timeout_seconds)

    def get(self, ctx: Context, run_id: str) -> P:
        return get(ctx, run_id, self.task, self.to_public)

    def list_of(self, ctx: Context, project_id: str) -> list[P]:
        return list_of(ctx, project_id, self.task, self.to_public)
