from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from dlwb_common.api.projects import (
    BenchmarkCreate,
    BenchmarkPublic,
    BenchmarksPublic,
    ComparisonPublic,
    LayerProfileCreate,
    LayerProfilePublic,
    LayerProfilesPublic,
    ProjectCreate,
    ProjectPublic,
    ProjectsPublic,
    SweepCreate,
    SweepPublic,
    SweepsPublic,
)
from dlwb_gateway.deps import ForwarderDep

router = APIRouter(prefix="/api/v1", tags=["projects"])


@router.post("/projects", response_model=ProjectPublic, status_code=201)
async def create_project(body: ProjectCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """Create a project: a model variant, a dataset, a target and a device."""
    return await forwarder.forward(request, "profiler")


@router.get("/projects", response_model=ProjectsPublic)
async def read_projects(request: Request, forwarder: ForwarderDep) -> Response:
    """List projects, newest first."""
    return await forwarder.forward(request, "profiler")


@router.get("/projects/{project_id}", response_model=ProjectPublic)
async def read_project(project_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """One project."""
    return await forwarder.forward(request, "profiler")


@router.post("/projects/{project_id}/benchmarks", response_model=BenchmarkPublic, status_code=202)
async def create_benchmark(project_id: str, body: BenchmarkCreate, request: Request,
                           forwarder: ForwarderDep) -> Response:
    """Queue a benchmark of the project on its target; follow it at /jobs/{id}/events."""
    return await forwarder.forward(request, "profiler")


@router.get("/projects/{project_id}/benchmarks", response_model=BenchmarksPublic)
async def read_benchmarks(project_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """The project's benchmarks, newest first."""
    return await forwarder.forward(request, "profiler")


@router.get("/benchmarks/{benchmark_id}", response_model=BenchmarkPublic)
async def read_benchmark(benchmark_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """One benchmark with its job and, once finished, its result."""
    return await forwarder.forward(request, "profiler")


@router.post("/projects/{project_id}/layer-profiles", response_model=LayerProfilePublic, status_code=202)
async def create_layer_profile(project_id: str, body: LayerProfileCreate, request: Request,
                               forwarder: ForwarderDep) -> Response:
    """Queue a per-layer profile (a separate run with performance counters on)."""
    return await forwarder.forward(request, "profiler")


@router.get("/projects/{project_id}/layer-profiles", response_model=LayerProfilesPublic)
async def read_layer_profiles(project_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """The project's layer profiles, newest first."""
    return await forwarder.forward(request, "profiler")


@router.get("/layer-profiles/{profile_id}", response_model=LayerProfilePublic)
async def read_layer_profile(profile_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """Per-layer times, totals by layer type and by precision, and the runtime graph."""
    return await forwarder.forward(request, "profiler")


@router.post("/projects/{project_id}/sweeps", response_model=SweepPublic, status_code=202)
async def create_sweep(project_id: str, body: SweepCreate, request: Request, forwarder: ForwarderDep) -> Response:
    """Queue a grid of runs (batch x streams x requests); the answer gives the estimated duration."""
    return await forwarder.forward(request, "profiler")


@router.get("/projects/{project_id}/sweeps", response_model=SweepsPublic)
async def read_sweeps(project_id: str, request: Request, forwarder: ForwarderDep) -> Response:
    """The project's sweeps, newest first."""
    return await forwarder.forward(request, "profiler")


@router.get("/sweeps/{sweep_id}", response_model=SweepPublic)
async def read_sweep(sweep_id: str, request: Request, forwarder: ForwarderDep,
                     latency_limit_ms: float | None = Query(default=None, ge=0)) -> Response:
    """The grid's points so far, and the best one under ``latency_limit_ms`` (the sweet spot; 0 means
    no limit; absent keeps the sweep's own)."""
    return await forwarder.forward(request, "profiler")


@router.get("/compare", response_model=ComparisonPublic, tags=["compare"])
async def compare_runs(a: str, b: str, request: Request, forwarder: ForwarderDep) -> Response:
    """B against A: two benchmarks (throughput and latency ratios) or two layer profiles (per-layer and
    per-type time deltas, matched by layer name)."""
    return await forwarder.forward(request, "profiler")
