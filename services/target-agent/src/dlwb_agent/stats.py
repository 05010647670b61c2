"""Latency statistics.

Percentiles use the nearest-rank method: the p-th percentile of n sorted samples is the value at
rank ceil(p/100 * n) (1-based), always an observed latency. A percentile is withheld (None) when
fewer samples than ``MIN_SAMPLES[p]`` exist: with fewer, the tail above it holds too few samples
to estimate it (thresholds after MLPerf's early-stopping rule: 64 for p90, 662 for p99).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlwb_common.messages.agent import LatencyStats

MIN_SAMPLES = {90: 64, 95: 130, 99: 662}


def percentile(sorted_values: Sequence[float] | np.ndarray, p: float) -> float:
    rank = max(1, int(np.ceil(p / 100 * len(sorted_values))))
    return float(sorted_values[rank - 1])


def latency_stats(latencies_ms: Sequence[float]) -> LatencyStats:
    """``latencies_ms`` may be a list or an ``array('d')``; numpy sorts it without holding the GIL
    (hours of samples sort in seconds while the agent keeps sending heartbeats)."""
    samples = np.asarray(latencies_ms, dtype=np.float64)  # zero-copy for array('d')
    if samples.size == 0:
        raise ValueError("no latency samples")
    ordered = np.sort(samples)
    n = int(ordered.size)

    def tail(p: int) -> float | None:
        return percentile(ordered, p) if n >= MIN_SAMPLES[p] else None

    return LatencyStats(count=n, median=percentile(ordered, 50), mean=float(ordered.mean()), min=float(ordered[0]),
                        max=float(ordered[-1]), stdev=float(ordered.std(ddof=1)) if n > 1 else 0.0,
                        p90=tail(90), p95=tail(95), p99=tail(99))
