"""What a run asked to compute in and what really ran, read from its stored result's manifest."""

from __future__ import annotations

from dlwb_common.precision import RunPrecision, ran_in
from dlwb_profiler.orm import RunRow


def manifest_of(row: RunRow) -> dict[str, object] | None:
    """The manifest of the run's result (a sweep's first finished point: all points share one model)."""
    for stored in (row.result, row.layer_profile, row.accuracy):
        if stored:
            return stored.get("manifest")
    results = (row.sweep or {}).get("results", [])
    return next((r["result"].get("manifest") for r in results if r.get("result")), None)


def run_precision(row: RunRow) -> RunPrecision | None:
    return ran_in(manifest_of(row), (row.settings or {}).get("infer_precision"))


def with_precision(verdict: str | None, row: RunRow) -> str | None:
    """The verdict followed by the precision that ran: "... Ran in BF16 (device default) on AMX."."""
    precision = run_precision(row)
    if verdict is None or precision is None:
        return verdict
    return f"{verdict.rstrip('.')}. {precision.summary[0].upper()}{precision.summary[1:]}."
