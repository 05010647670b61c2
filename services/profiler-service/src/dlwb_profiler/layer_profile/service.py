"""Layer profiles: a run with per-layer counters (kept apart from benchmarks: profiling slows inference)."""

from __future__ import annotations

from dlwb_common.api.projects import BenchmarkCreate, LayerProfilePublic, LayerProfilesPublic
from dlwb_common.messages.agent import AgentTask
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow, RunRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import repository as runs
from dlwb_service_kit.jobs import to_job


def to_public(row: RunRow, job_row: JobRow) -> LayerProfilePublic:
    return LayerProfilePublic(id=row.id, project_id=row.project_id, settings=row.settings, job=to_job(job_row),
                              profile=row.layer_profile, verdict=row.verdict)


async def create(ctx: Context, *, project_id: str, run_in: BenchmarkCreate) -> LayerProfilePublic:
    project = projects.get_row(ctx, project_id)
    return await runs.create(ctx, project, AgentTask.layer_profile, runs.settings_on(project, run_in), to_public)


def get(ctx: Context, profile_id: str) -> LayerProfilePublic:
    return runs.get(ctx, profile_id, AgentTask.layer_profile, to_public)


def get_all(ctx: Context, *, project_id: str) -> LayerProfilesPublic:
    data = runs.list_of(ctx, project_id, AgentTask.layer_profile, to_public)
    return LayerProfilesPublic(data=data, count=len(data))
