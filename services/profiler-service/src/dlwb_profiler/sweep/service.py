"""Sweeps: a grid of timed runs on one target, streamed point by point."""

from __future__ import annotations

import itertools

from pydantic import ValidationError

from dlwb_common.api.projects import SweepCreate, SweepPointPublic, SweepPublic, SweepsPublic
from dlwb_common.errors import InvalidInputError
from dlwb_common.messages.agent import AgentTask, BenchmarkSettings, SweepPoint, SweepPointResult
from dlwb_profiler.context import Context
from dlwb_profiler.orm import JobRow, RunRow
from dlwb_profiler.project import service as projects
from dlwb_profiler.runs import repository as runs
from dlwb_profiler.runs.precision import run_precision, with_precision
from dlwb_profiler.sweep.sweet_spot import sweep_verdict, sweet_spot
from dlwb_service_kit.jobs import to_job

MAX_POINTS = 64
OVERHEAD_PER_POINT_SECONDS = 1.5  # compile + first inference, measured on small models


def grid(sweep_in: SweepCreate) -> list[SweepPoint]:
    axes = [sweep_in.batches or [None], sweep_in.streams or [None], sweep_in.nireqs or [None]]
    return [SweepPoint(batch=b, nstreams=s, nireq=n) for b, s, n in itertools.product(*axes)]


def estimate_seconds(settings: BenchmarkSettings, points: int) -> float:
    per_point = settings.duration_seconds or 0.0
    if settings.niter and not settings.duration_seconds:
        per_point = 1.0  # unknown until the first point runs
    return points * (per_point + OVERHEAD_PER_POINT_SECONDS)


def to_public(row: RunRow, job_row: JobRow, latency_limit_ms: float | None = None) -> SweepPublic:
    """``latency_limit_ms``: None keeps the sweep's own limit, 0 means no limit."""
    data = row.sweep or {}
    limit = latency_limit_ms if latency_limit_ms is not None else data.get("latency_limit_ms")
    limit = limit or None
    results = {r["index"]: SweepPointResult.model_validate(r) for r in data.get("results", [])}
    points = []
    for index, raw in enumerate(data.get("points", [])):
        point = SweepPoint.model_validate(raw)
        done = results.get(index)
        latency = done.result.latency if done and done.result else None
        points.append(SweepPointPublic(
            index=index, batch=point.batch, nstreams=point.nstreams, nireq=point.nireq,
            status="pending" if done is None else ("done" if done.result else "failed"),
            throughput_fps=done.result.throughput_fps if done and done.result else None,
            latency_median_ms=latency.median if latency else None, latency_p90_ms=latency.p90 if latency else None,
            error=f"{done.error.message} ({done.error.code})" if done and done.error else None))
    best = sweet_spot(points, limit)
    settings = BenchmarkSettings.model_validate(row.settings)
    return SweepPublic(id=row.id, project_id=row.project_id, settings=settings, job=to_job(job_row),
                       estimated_seconds=estimate_seconds(settings, len(points)), latency_limit_ms=limit,
                       points=points, sweet_spot=best,
                       verdict=with_precision(sweep_verdict(points, best, limit), row), ran_in=run_precision(row))


async def create(ctx: Context, *, project_id: str, sweep_in: SweepCreate) -> SweepPublic:
    project = projects.get_row(ctx, project_id)
    base = runs.settings_on(project, sweep_in, exclude={"batches", "streams", "nireqs", "latency_limit_ms"})
    points = grid(sweep_in)
    if len(points) > MAX_POINTS:
        raise InvalidInputError(f"the grid has {len(points)} points; at most {MAX_POINTS}", code="sweep.too_large")
    for point in points:  # refuse a grid with an invalid point before anything runs
        try:
            point.apply(base)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise InvalidInputError(f"point {point.model_dump(exclude_none=True)}: {reason}",
                                    code="sweep.bad_point") from exc
    return await runs.create(ctx, project, AgentTask.sweep, base, to_public,
                             sweep={"points": [p.model_dump(mode="json") for p in points], "results": [],
                                    "latency_limit_ms": sweep_in.latency_limit_ms},
                             queue_timeout_seconds=sweep_in.queue_timeout_seconds)


def get(ctx: Context, sweep_id: str, latency_limit_ms: float | None = None) -> SweepPublic:
    return runs.get(ctx, sweep_id, AgentTask.sweep,
                    lambda row, job_row: to_public(row, job_row, latency_limit_ms))


def get_all(ctx: Context, *, project_id: str) -> SweepsPublic:
    data = runs.list_of(ctx, project_id, AgentTask.sweep, to_public)
    return SweepsPublic(data=data, count=len(data))


def record_point(ctx: Context, sweep_id: str, point: SweepPointResult) -> tuple[int, int]:
    """Store one finished point (idempotent: a redelivered point replaces itself); returns (done, total)."""
    with ctx.db.session() as session:
        row = session.get(RunRow, sweep_id)
        data = dict(row.sweep or {})
        results = [r for r in data.get("results", []) if r["index"] != point.index]
        results.append(point.model_dump(mode="json"))
        data["results"] = sorted(results, key=lambda r: r["index"])
        row.sweep = data
        return len(results), len(data.get("points", []))
