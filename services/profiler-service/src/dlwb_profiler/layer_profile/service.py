"""Layer profiles: a run with per-layer counters (kept apart from benchmarks: profiling slows inference)."""

from __future__ import annotations

from dlwb_common.api.projects import LayerProfilePublic
from dlwb_common.messages.agent import AgentTask
from dlwb_profiler.orm import JobRow, RunRow
from dlwb_profiler.runs.precision import run_precision
from dlwb_profiler.runs.repository import RunKind
from dlwb_service_kit.jobs import to_job


def to_public(row: RunRow, job_row: JobRow) -> LayerProfilePublic:
    return LayerProfilePublic(id=row.id, project_id=row.project_id, settings=row.settings, job=to_job(job_row),
                              profile=row.layer_profile, verdict=row.verdict,
                              ran_in=run_precision(row))


layer_profiles = RunKind(AgentTask.layer_profile, to_public)
