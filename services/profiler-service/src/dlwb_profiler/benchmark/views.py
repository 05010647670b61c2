from __future__ import annotations

from fastapi import APIRouter

from dlwb_common.api.projects import BenchmarkCreate, BenchmarkPublic, BenchmarksPublic
from dlwb_profiler.benchmark import service
from dlwb_profiler.context import ContextDep

router = APIRouter(prefix="/api/v1", tags=["benchmarks"])


@router.post("/projects/{project_id}/benchmarks", response_model=BenchmarkPublic, status_code=202)
async def create_benchmark(project_id: str, benchmark_in: BenchmarkCreate, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """Queue a benchmark of the project on its target; follow it at /jobs/{id}/events."""
    return await service.benchmarks.create(ctx, project_id=project_id, run_in=benchmark_in)


@router.get("/projects/{project_id}/benchmarks", response_model=BenchmarksPublic)
def read_benchmarks(project_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """The project's benchmarks, newest first."""
    data = service.benchmarks.list_of(ctx, project_id)
    return BenchmarksPublic(data=data, count=len(data))


@router.get("/benchmarks/{benchmark_id}", response_model=BenchmarkPublic)
def read_benchmark(benchmark_id: str, ctx: ContextDep):  # type: ignore[no-untyped-def]
    """One benchmark with its job and, once finished, its result."""
    return service.benchmarks.get(ctx, benchmark_id)
