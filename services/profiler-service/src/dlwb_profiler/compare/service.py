"""Compare two runs: two benchmarks (speed) or two layer profiles (per-layer time deltas)."""

from __future__ import annotations

from collections.abc import Callable

from dlwb_common.api.projects import ComparisonPublic, LayerDelta, RunSummary
from dlwb_common.errors import InvalidInputError, NotFoundError
from dlwb_common.messages.agent import AgentTask, BenchmarkResult, LayerProfile, LayerRecord
from dlwb_common.precision import precision_differences, with_differences
from dlwb_profiler.context import Context
from dlwb_profiler.orm import ProjectRow, RunRow
from dlwb_profiler.runs.precision import run_precision


def load(ctx: Context, run_id: str) -> tuple[RunRow, ProjectRow]:
    with ctx.db.session() as session:
        row = session.get(RunRow, run_id)
        if row is None:
            raise NotFoundError(f"run {run_id} not found", code="run.not_found")
        if row.result is None and row.layer_profile is None:
            raise InvalidInputError(f"run {run_id} has no result yet", code="compare.not_finished")
        return row, session.get(ProjectRow, row.project_id)


def summary(row: RunRow, project: ProjectRow) -> RunSummary:
    result = BenchmarkResult.model_validate(row.result) if row.result else None
    profile = LayerProfile.model_validate(row.layer_profile) if row.layer_profile else None
    return RunSummary(id=row.id, project_id=project.id, project_name=project.name, precision=project.precision,
                      weights=project.variant_label or project.precision, ran_in=run_precision(row),
                      target_id=row.target_id, device=row.settings.get("device", project.device),
                      throughput_fps=result.throughput_fps if result else None,
                      latency_median_ms=result.latency.median if result else None,
                      layer_time_ms=profile.total_real_time_ms if profile else None)


def deltas(a: list[LayerRecord], b: list[LayerRecord], key: Callable[[LayerRecord], str]) -> list[LayerDelta]:
    """Executed layers grouped by ``key`` on both sides, largest absolute change first."""

    def grouped(layers: list[LayerRecord]) -> dict[str, tuple[float, str, str]]:
        groups: dict[str, tuple[float, str, str]] = {}
        for layer in layers:
            if layer.status != "EXECUTED":
                continue
            total, _, _ = groups.get(key(layer), (0.0, "", ""))
            groups[key(layer)] = (total + layer.real_time_ms, layer.type, layer.precision)
        return groups

    left, right = grouped(a), grouped(b)
    rows = []
    for name in left.keys() | right.keys():
        a_ms, a_type, a_precision = left.get(name, (None, "", None))
        b_ms, b_type, b_precision = right.get(name, (None, "", None))
        rows.append(LayerDelta(key=name, type=a_type or b_type, a_ms=a_ms, b_ms=b_ms,
                               delta_ms=(b_ms or 0.0) - (a_ms or 0.0), a_precision=a_precision or None,
                               b_precision=b_precision or None))
    return sorted(rows, key=lambda row: abs(row.delta_ms), reverse=True)


def label(run: RunSummary) -> str:
    return f"{run.weights} on {run.target_id}/{run.device}"


def differences(a: RunSummary, b: RunSummary) -> list[str]:
    """B against A: different weights, different inference precisions."""
    return precision_differences((b.weights, a.weights), (b.ran_in.ran if b.ran_in else None,
                                                         a.ran_in.ran if a.ran_in else None))


def compare(ctx: Context, a_id: str, b_id: str) -> ComparisonPublic:
    (row_a, project_a), (row_b, project_b) = load(ctx, a_id), load(ctx, b_id)
    if row_a.task != row_b.task or row_a.task == AgentTask.sweep:
        raise InvalidInputError("compare two benchmarks or two layer profiles", code="compare.mismatch")
    a, b = summary(row_a, project_a), summary(row_b, project_b)
    if row_a.task == AgentTask.benchmark:
        speed = b.throughput_fps / a.throughput_fps
        latency = b.latency_median_ms / a.latency_median_ms
        text = (f"B ({label(b)}) has {speed:.2f}x the throughput of A ({label(a)}): {b.throughput_fps:,.1f} vs "
                f"{a.throughput_fps:,.1f} FPS, median latency {b.latency_median_ms:.2f} vs "
                f"{a.latency_median_ms:.2f} ms ({latency:.2f}x).")
        found = differences(a, b)
        return ComparisonPublic(a=a, b=b, verdict=with_differences(text, found), precision_differences=found,
                                throughput_ratio=speed, latency_median_ratio=latency)
    layers_a = LayerProfile.model_validate(row_a.layer_profile).layers
    layers_b = LayerProfile.model_validate(row_b.layer_profile).layers
    by_layer = deltas(layers_a, layers_b, lambda layer: layer.name)
    by_type = deltas(layers_a, layers_b, lambda layer: layer.type)
    change = b.layer_time_ms - a.layer_time_ms
    biggest = by_type[0] if by_type else None
    text = (f"B ({label(b)}) spends {abs(change):.3f} ms {'less' if change < 0 else 'more'} per inference in layers "
            f"than A ({label(a)}): {b.layer_time_ms:.3f} vs {a.layer_time_ms:.3f} ms"
            + (f"; the largest change is {biggest.key} ({biggest.delta_ms:+.3f} ms)." if biggest else "."))
    found = differences(a, b)
    return ComparisonPublic(a=a, b=b, verdict=with_differences(text, found), precision_differences=found,
                            layers=by_layer, by_type=by_type)
