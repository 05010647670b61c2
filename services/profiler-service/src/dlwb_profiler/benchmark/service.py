"""Benchmarks: timed runs (throughput and latency) of a project's model on its target."""

from __future__ import annotations

from dlwb_common.api.projects import BenchmarkPublic
from dlwb_common.messages.agent import AgentTask
from dlwb_profiler.orm import JobRow, RunRow
from dlwb_profiler.runs.precision import run_precision
from dlwb_profiler.runs.repository import RunKind
from dlwb_service_kit.jobs import to_job


def to_public(row: RunRow, job_row: JobRow) -> BenchmarkPublic:
    return BenchmarkPublic(id=row.id, project_id=row.project_id, settings=row.settings, job=to_job(job_row),
                           result=row.result, verdict=row.verdict, ran_in=run_precision(row))


benchmarks = RunKind(AgentTask.benchmark, to_public)
