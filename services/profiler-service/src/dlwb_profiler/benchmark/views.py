from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.api.projects import (
    BenchmarkCreate,
    BenchmarkPublic,
    BenchmarksPublic,
    LayerProfileCreate,
    LayerProfilePublic,
    LayerProfilesPublic,
)
from dlwb_common.messages.agent import AgentTask
from dlwb_profiler.benchmark import service
from dlwb_profiler.context import ContextDep

router = APIRouter(prefix="/api/v1", tags=["benchmarks"])


@router.post("/projects/{project_id}/benchmarks", response_model=BenchmarkPublic, status_code=202)
async def create_benchmark(project_id: str, benchmark_in: BenchmarkCreate, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """Queue a benchmark of the project on its target; follow it at /jobs/{id}/events."""
    return await service.create(ctx, project_id=project_id, benchmark_in=benchmark_in)


@router.get("/projects/{project_id}/benchmarks", response_model=BenchmarksPublic)
def read_benchmarks(project_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """The project's benchmarks, newest first."""
    return service.get_all(ctx, project_id=project_id)


@router.get("/benchmarks/{benchmark_id}", response_model=BenchmarkPublic)
def read_benchmark(benchmark_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """One benchmark with its job and, once finished, its result."""
    return service.get(ctx, benchmark_id)


@router.post("/projects/{project_id}/layer-profiles", response_model=LayerProfilePublic, status_code=202)
async def create_layer_profile(project_id: str, profile_in: LayerProfileCreate, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """Queue a per-layer profile (a separate run with performance counters on)."""
    return await service.create(ctx, project_id=project_id, benchmark_in=profile_in, task=AgentTask.layers)


@router.get("/projects/{project_id}/layer-profiles", response_model=LayerProfilesPublic)
def read_layer_profiles(project_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """The project's layer profiles, newest first."""
    return service.get_all(ctx, project_id=project_id, task=AgentTask.layers)


@router.get("/layer-profiles/{profile_id}", response_model=LayerProfilePublic)
def read_layer_profile(profile_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """Per-layer times, totals by layer type and by precision, and the runtime graph."""
    return service.get(ctx, profile_id, task=AgentTask.layers)
