"""Latency statistics.

Percentiles use the nearest-rank method: the p-th percentile of n sorted samples is the value at
rank ceil(p/100 * n) (1-based), always an observed latency. A percentile is withheld (None) when
fewer samples than ``MIN_SAMPLES[p]`` exist: with fewer, the tail above it holds too few samples
to estimate it (thresholds after MLPerf's early-stopping rule: 64 for p90, 662 for p99).
"""

from __future__ import annotations

import math
import statistics

from dlwb_common.messages.agent import LatencyStats

MIN_SAMPLES = {90: 64, 95: 130, 99: 662}


def percentile(sorted_values: list[float], p: float) -> float:
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def latency_stats(latencies_ms: list[float]) -> LatencyStats:
    if not latencies_ms:
        raise ValueError("no latency samples")
    ordered = sorted(latencies_ms)
    n = len(ordered)

    def tail(p: int) -> float | None:
        return percentile(ordered, p) if n >= MIN_SAMPLES[p] else None

    return LatencyStats(count=n, median=percentile(ordered, 50), mean=statistics.fmean(ordered), min=ordered[0],
                        max=ordered[-1], stdev=statistics.stdev(ordered) if n > 1 else 0.0,
                        p90=tail(90), p95=tail(95), p99=tail(99))
