"""Parent against INT8 child on the target, one after the other: benchmarks, then a layer profile of each."""

from __future__ import annotations

from dataclasses import dataclass, field

from dlwb_calibration.calibration.job import CalibrationJob
from dlwb_calibration.remote import ask
from dlwb_common import subjects
from dlwb_common.api.projects import BenchmarkCreate, ComparisonPublic
from dlwb_common.messages.agent import AgentTask, LayerProfile
from dlwb_common.messages.profiler import CompareReply, CompareRequest, RunGetRequest, RunReply, RunStartRequest


@dataclass
class Comparison:
    benchmarks: ComparisonPublic | None = None
    layers: ComparisonPublic | None = None
    child_profile: LayerProfile | None = None
    run_ids: dict[str, str] = field(default_factory=dict)
    parent_manifest: dict[str, object] = field(default_factory=dict)  # the parent benchmark's run manifest


async def measure(job: CalibrationJob, project_id: str, task: AgentTask, low: float, high: float,
                  what: str) -> RunReply:
    if task == AgentTask.layer_profile:
        settings = BenchmarkCreate(duration_seconds=None, niter=50)
    else:
        settings = BenchmarkCreate(duration_seconds=job.settings.compare_seconds)
    started = await ask(job.ctx, subjects.RUN_START, RunStartRequest(project_id=project_id, task=task,
                                                                    settings=settings), RunReply)
    await job.wait(started.job_id, what, low, high)
    return await ask(job.ctx, subjects.RUN_GET, RunGetRequest(run_id=started.run_id, task=task), RunReply)


async def compare_runs(job: CalibrationJob, a: RunReply, b: RunReply) -> ComparisonPublic:
    return (await ask(job.ctx, subjects.RUNS_COMPARE, CompareRequest(a_id=a.run_id, b_id=b.run_id),
                      CompareReply)).comparison


async def compare(job: CalibrationJob, parent_project_id: str, child_project_id: str) -> Comparison:
    a = await measure(job, parent_project_id, AgentTask.benchmark, 0.7, 0.78, "benchmarking the parent")
    b = await measure(job, child_project_id, AgentTask.benchmark, 0.78, 0.86, "benchmarking the INT8 child")
    pa = await measure(job, parent_project_id, AgentTask.layer_profile, 0.86, 0.91, "profiling the parent's layers")
    pb = await measure(job, child_project_id, AgentTask.layer_profile, 0.91, 0.96, "profiling the child's layers")
    profile = LayerProfile.model_validate(pb.run["profile"]) if pb.run.get("profile") else None
    return Comparison(benchmarks=await compare_runs(job, a, b), layers=await compare_runs(job, pa, pb),
                      child_profile=profile, parent_manifest=(a.run.get("result") or {}).get("manifest") or {},
                      run_ids={"parent_benchmark_id": a.run_id, "child_benchmark_id": b.run_id,
                               "parent_profile_id": pa.run_id, "child_profile_id": pb.run_id})
