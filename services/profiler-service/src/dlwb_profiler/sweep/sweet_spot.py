"""The best configuration under a latency limit, and the sentence that says so."""

from __future__ import annotations

from dlwb_common.api.projects import SweepPointPublic


def describe(point: SweepPointPublic) -> str:
    parts = []
    if point.batch is not None:
        parts.append(f"batch {point.batch}")
    if point.nstreams is not None:
        parts.append(f"{point.nstreams} stream{'s' if point.nstreams != 1 else ''}")
    if point.nireq is not None:
        parts.append(f"{point.nireq} request{'s' if point.nireq != 1 else ''}")
    return " x ".join(parts) or "base settings"


def sweet_spot(points: list[SweepPointPublic], latency_limit_ms: float | None) -> int | None:
    """Index of the highest-throughput point whose median latency is within the limit (any point
    when there is no limit); None when no finished point qualifies."""
    done = [p for p in points if p.status == "done" and p.throughput_fps is not None]
    fitting = [p for p in done if latency_limit_ms is None or (p.latency_median_ms or 0) <= latency_limit_ms]
    if not fitting:
        return None
    return max(fitting, key=lambda p: (p.throughput_fps, -(p.latency_median_ms or 0))).index


def sweep_verdict(points: list[SweepPointPublic], best: int | None, latency_limit_ms: float | None) -> str | None:
    done = [p for p in points if p.status == "done"]
    if not done:
        return None
    limit = f" under {latency_limit_ms:g} ms" if latency_limit_ms is not None else ""
    if best is None:
        fastest = min(done, key=lambda p: p.latency_median_ms or 0)
        return (f"No configuration meets {latency_limit_ms:g} ms; the lowest median latency is "
                f"{fastest.latency_median_ms:.2f} ms ({describe(fastest)}).")
    winner = points[best]
    baseline = done[0]
    gain = winner.throughput_fps / baseline.throughput_fps if baseline.throughput_fps else 1.0
    return (f"Best{limit}: {describe(winner)}, {winner.throughput_fps:,.1f} FPS at "
            f"{winner.latency_median_ms:.2f} ms median, {gain:.2f}x the first point ({describe(baseline)}); "
            f"{len(done)} of {len(points)} points measured.")
