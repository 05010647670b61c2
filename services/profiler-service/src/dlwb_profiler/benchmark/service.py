"""Benchmarks: timed runs (throughput and latency) of a project's model on its target."""

from __future__ import annotations

from dlwb_common.api.projects import BenchmarkCreate, BenchmarkPublic, BenchmarksPublic
from dlwb_common.messages.agent import AgentTask
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow, RunRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import repository as runs
from dlwb_service_kit.jobs import to_job


def to_public(row: RunRow, job_row: JobRow) -> BenchmarkPublic:
    return BenchmarkPublic(id=row.id, project_id=row.project_id, settings=row.settings, job=to_job(job_row),
                           result=row.result, verdict=row.verdict)


async def create(ctx: Context, *, project_id: str, run_in: BenchmarkCreate) -> BenchmarkPublic:
    project = projects.get_row(ctx, project_id)
    return await runs.create(ctx, project, AgentTask.benchmark, runs.settings_on(project, run_in), to_public)


def get(ctx: Context, benchmark_id: str) -> BenchmarkPublic:
    return runs.get(ctx, benchmark_id, AgentTask.benchmark, to_public)


def get_all(ctx: Context, *, project_id: str) -> BenchmarksPublic:
    data = runs.list_of(ctx, project_id, AgentTask.benchmark, to_public)
    return BenchmarksPublic(data=data, count=len(data))
