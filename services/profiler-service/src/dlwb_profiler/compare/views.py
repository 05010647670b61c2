from __future__ import annotations

from fastapi import APIRouter, Query

from dlwb_common.api.projects import ComparisonPublic
from dlwb_profiler.compare import service
from dlwb_profiler.context import ContextDep

router = APIRouter(prefix="/api/v1/compare", tags=["compare"])


@router.get("", response_model=ComparisonPublic)
def compare_runs(ctx: ContextDep, a: str = Query(description="run id of A"),
                 b: str = Query(description="run id of B")) -> ComparisonPublic:
    """B against A: two benchmarks (throughput and latency ratios) or two layer profiles (per-layer and
    per-type time deltas, matched by layer name)."""
    return service.compare(ctx, a, b)
